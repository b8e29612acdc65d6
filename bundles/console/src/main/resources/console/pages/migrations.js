// Migrations: the domain's history as a timeline, one bar per migration, its phases (freeze,
// dump, transfer, restore) as coloured segments on a common time scale.
import { api, h, s, fill, ms, bytes, ago, errorBox } from '../lib.js';
import { drawBar, segments } from './chart.js';

const W = 1000;          // viewBox width; the SVG scales to the panel
const LABEL = 270;       // label column
const RIGHT = 90;        // room for the total after a bar
const ROW = 56;
const TOP = 28;
const MAX_ROWS = 40;

export default {
  title: 'Migrations',
  mount(view) {
    const cards = h('div.cards', { id: 'migration-cards' });
    const chart = h('div.timeline', { id: 'migration-timeline' });
    const error = h('div');
    const summary = h('span.muted');
    view.append(h('div.page-head', h('h1', 'Migrations'), summary), error, cards,
      h('section.panel', h('h2', 'Timeline of phases'),
        h('div.legend', h('span.sw-freeze', 'freeze'), h('span.sw-dump', 'dump'), h('span.sw-transfer', 'transfer'),
          h('span.sw-restore', 'restore'), h('span.sw-other', 'other (check, resume, cleanup)')),
        chart));
    let shown = '';

    return {
      async refresh() {
        let all;
        try {
          all = await api('GET', '/migrations');
          fill(error);
        } catch (e) {
          if (e.status !== 401) fill(error, errorBox(e, 'Migrations'));
          throw e;
        }
        all.sort((a, b) => (b.startedAt || 0) - (a.startedAt || 0));
        const key = JSON.stringify(all);
        if (key === shown) return;
        shown = key;
        summary.textContent = `${all.length} ${all.length === 1 ? 'migration' : 'migrations'}`;
        fill(cards, summaryCards(all));
        fill(chart, all.length ? timeline(all.slice(0, MAX_ROWS))
          : h('div.empty', 'No migration yet. Start one from the Processes page (Migrate…).'));
      },
    };
  },
};

function summaryCards(all) {
  const done = all.filter((m) => m.state === 'done');
  const failed = all.filter((m) => m.state === 'failed').length;
  const median = (xs) => {
    if (!xs.length) return null;
    const v = [...xs].sort((a, b) => a - b);
    const mid = Math.floor(v.length / 2);
    return v.length % 2 ? v[mid] : Math.round((v[mid - 1] + v[mid]) / 2);
  };
  const card = (n, l) => h('div.card', h('div.n', n), h('div.l', l));
  return [
    card(String(all.length), 'migrations'),
    card(String(done.length), 'done'),
    card(String(failed), 'failed'),
    card(done.length ? ms(median(done.map((m) => m.totalMs || 0))) : '–', 'median total'),
    card(done.length ? ms(median(done.map((m) => m.downtimeMs || 0))) : '–', 'median downtime'),
  ];
}

function timeline(list) {
  const longest = Math.max(1, ...list.map((m) => Math.max(m.totalMs || 0, segments(m).reduce((a, x) => a + x.value, 0))));
  const scale = (W - LABEL - RIGHT) / longest;
  const height = TOP + list.length * ROW + 6;
  const svg = s('svg', { viewBox: `0 0 ${W} ${height}`, role: 'img', 'aria-label': 'migration phases timeline' });
  // axis: 5 ticks on a round step
  const step = niceStep(longest / 5);
  for (let t = 0; t <= longest + 1e-9; t += step) {
    const x = LABEL + t * scale;
    svg.append(s('line', { x1: x, x2: x, y1: TOP - 6, y2: height, class: 'grid' }),
      s('text', { x, y: TOP - 10, 'text-anchor': 'middle', class: 'small' }, ms(Math.round(t))));
  }
  list.forEach((m, i) => {
    const y = TOP + i * ROW;
    const g = s('g', { class: 'migration-row', 'data-migration': m.id || '', 'data-process': m.processId || '', 'data-state': m.state || '' });
    if (i % 2 === 0) g.append(s('rect', { x: 0, y, width: W, height: ROW, class: 'rowbg' }));
    g.append(s('text', { x: 8, y: y + 22 }, `${m.processId || '?'}  ${m.from || '?'} → ${m.to || '?'}`),
      s('text', { x: 8, y: y + 40, class: 'small' },
        `${m.strategy || '?'} · ${m.state || '?'}${m.state === 'running' ? ' (' + (m.phase || '') + ')' : ''} · ${ago(m.startedAt)}`
        + (m.imageBytes ? ' · ' + bytes(m.imageBytes) : '')));
    const end = drawBar(g, m, LABEL, y + 10, 22, scale);
    if (m.totalMs) g.append(s('text', { x: end + 8, y: y + 26 }, ms(m.totalMs)));
    if (m.state === 'failed') {
      const why = `failed in ${m.phase || '?'}${m.errorCode ? ' (' + m.errorCode + ')' : ''}: ${m.error || ''}`;
      g.append(s('text', { x: LABEL, y: y + 47, class: 'err small-err' }, why.length > 100 ? why.slice(0, 99) + '…' : why,
        s('title', {}, why)));
    } else if (m.state === 'running') {
      g.append(s('text', { x: end + 8, y: y + 26, class: 'small' }, `${m.phase || ''}…`));
    } else if (m.downtimeMs) {
      g.append(s('text', { x: LABEL, y: y + 47, class: 'small' }, `downtime ${ms(m.downtimeMs)}`
        + ` · freeze ${ms(m.freezeMs)} · dump ${ms(m.dumpMs)} · transfer ${ms(m.transferMs)} · restore ${ms(m.restoreMs)}`));
    }
    svg.append(g);
  });
  return svg;
}

function niceStep(raw) {
  const p = Math.pow(10, Math.floor(Math.log10(Math.max(raw, 1))));
  for (const f of [1, 2, 5, 10]) if (f * p >= raw) return f * p;
  return 10 * p;
}
