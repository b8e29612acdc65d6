// Hosts: one card per host with its state, address, programs and bundles; a host going down
// turns red within a refresh or two (the manager's heartbeats decide, the console polls).
import { api, h, fill, badge, ago, errorBox } from '../lib.js';

export default {
  title: 'Hosts',
  mount(view) {
    const summary = h('span.muted');
    const error = h('div');
    const grid = h('div.host-grid', { id: 'host-grid' });
    view.append(h('div.page-head', h('h1', 'Hosts'), summary), error, grid);
    return {
      async refresh() {
        let list;
        try {
          list = await api('GET', '/hosts');
          fill(error);
        } catch (e) {
          if (e.status !== 401) fill(error, errorBox(e, 'Hosts'));
          throw e;
        }
        list.sort((a, b) => a.name.localeCompare(b.name, undefined, { numeric: true }));
        const up = list.filter((x) => x.state === 'up').length;
        summary.textContent = `${up} of ${list.length} up · refreshed ${new Date().toLocaleTimeString()}`;
        if (!list.length) {
          fill(grid, h('div.panel.empty', 'No host is registered. Start some with ./vos up --hosts N.'));
          return;
        }
        fill(grid, list.map(card));
      },
    };
  },
};

function card(x) {
  const down = x.state !== 'up';
  return h('article.host-card' + (down ? '.down' : ''), { 'data-host': x.name, 'data-state': x.state },
    h('header', h('span.name', x.name), badge(x.state)),
    h('div.addr.mono', `${x.address || '?'}:${x.port || '?'}`),
    h('div.stats',
      h('div.stat', h('div.n', { 'data-count': 'processes' }, String(x.processes ?? 0)), h('div.l', 'programs')),
      h('div.stat', h('div.n', { 'data-count': 'bundles' }, String(x.bundles ?? 0)), h('div.l', 'bundles'))),
    h('footer',
      h('span', x.kernel ? `kernel ${x.kernel}` : (x.executivePid ? `executive pid ${x.executivePid}` : '')),
      h('span', { title: x.lastSeen ? new Date(x.lastSeen).toLocaleString() : '' }, down ? `last seen ${ago(x.lastSeen)}` : 'seen ' + ago(x.lastSeen))),
    h('div.card-links', h('a', { href: `#/bundles/${encodeURIComponent(x.name)}` }, 'Bundles →'), ' ',
      h('a', { href: `#/processes/${encodeURIComponent(x.name)}` }, 'Processes →')));
}
