// Processes of the domain: launch, kill, checkpoint, output, and migrate with a live progress
// indicator (the phase the manager reports) and the phase timings when it is done.
import { api, h, fill, badge, bytes, ms, ago, errorBox, toast, confirmButton, splitCommand, hosts } from '../lib.js';
import { miniBar, segments } from './chart.js';

const FALLBACK_STRATEGIES = ['full'];
const STRATEGY_BUNDLE = /^org\.vos\.strategy\.(.+)$/;
const STEPS = ['check', 'freeze', 'dump', 'transfer', 'restore', 'resume', 'done'];
// migrations started from this page, kept across page changes (not across reloads: the
// Migrations page has the history)
const tracks = [];
let lastImage = null;            // the last image written from this page, offered to Restore
let showEndedDefault = false;    // programs that exited are listed on demand
const sleep = (t) => new Promise((r) => setTimeout(r, t));

export default {
  title: 'Processes',
  mount(view, onlyHost) {
    const command = h('input', { id: 'run-command', placeholder: '/bin/sleep 1000', spellcheck: false, required: true });
    const runHost = h('select', { id: 'run-host' });
    const runName = h('input', { id: 'run-name', placeholder: 'optional' });
    const launch = h('button.primary', { type: 'submit', id: 'run-launch' }, 'Launch');
    const message = h('div', { id: 'process-message' });
    const action = h('div', { id: 'process-action' });
    const progress = h('div', { id: 'migration-progress' });
    const list = h('div', { id: 'process-list' });
    const summary = h('span.muted');
    const showEnded = h('input', { type: 'checkbox', id: 'show-ended', checked: showEndedDefault, onchange: () => { showEndedDefault = showEnded.checked; shown = ''; refresh().catch(() => {}); } });
    const filter = onlyHost ? h('a.filter-chip', { href: '#/processes', title: 'show every host' }, `on ${onlyHost} ×`) : null;
    view.append(h('div.page-head', h('h1', 'Processes'), filter, summary), message,
      h('section.panel', h('div.panel-head', h('h2', 'Launch a program'),
        h('button.small', { type: 'button', id: 'restore-open', onclick: () => restoreForm() }, 'Restore an image…')),
        h('form.row', { id: 'run-form', onsubmit: (e) => { e.preventDefault(); run(); } },
          h('div.field.grow', h('label', { for: 'run-command' }, 'Command'), command),
          h('div.field', h('label', { for: 'run-host' }, 'Host'), runHost),
          h('div.field', h('label', { for: 'run-name' }, 'Name'), runName),
          launch)),
      action, progress, h('section.panel', h('div.list-head', h('label.row', { for: 'show-ended' }, showEnded, ' show programs that ended')), list));

    let procs = [];
    let shown = '';
    let alive = true;
    const show = (node) => fill(message, node);

    async function run() {
      let argv;
      try { argv = splitCommand(command.value.trim()); } catch (e) { show(errorBox(e)); return; }
      if (!argv.length) return;
      launch.disabled = true;
      try {
        const req = { command: argv, host: runHost.value || null };
        if (runName.value.trim()) req.name = runName.value.trim();
        const p = await api('POST', '/processes', { json: req });
        show(h('div.alert.good', { role: 'status' }, `Launched ${p.name || argv[0]} as ${p.id} on ${p.host} (pid ${p.pid}).`));
        await refresh();
      } catch (e) {
        if (e.status !== 401) show(errorBox(e, 'Launch failed'));
      } finally {
        launch.disabled = false;
      }
    }

    function closeAction() { fill(action); }

    function panel(title, ...body) {
      fill(action, h('section.panel.action-panel', h('div.panel-head', h('h2', title),
        h('button.small', { type: 'button', onclick: closeAction }, 'Close')), ...body));
    }

    async function migrateForm(p) {
      const all = await hosts();
      const targets = all.filter((x) => x.name !== p.host);
      const to = h('select', { id: 'migrate-to' }, targets.map((x) =>
        h('option', { value: x.name }, x.state === 'up' ? x.name : `${x.name} (down)`)));
      const up = targets.find((x) => x.state === 'up');
      if (up) to.value = up.name;
      // the strategies are bundles (org.vos.strategy.NAME): offer those active on the source host
      let names = [];
      try {
        names = (await api('GET', `/hosts/${encodeURIComponent(p.host)}/bundles`))
          .filter((b) => b.state === 'ACTIVE' && STRATEGY_BUNDLE.test(b.symbolicName))
          .map((b) => b.symbolicName.match(STRATEGY_BUNDLE)[1]).sort((a, b) => (a === 'full' ? -1 : b === 'full' ? 1 : a.localeCompare(b)));
      } catch (e) { /* the host does not answer: offer the default */ }
      if (!names.length) names = FALLBACK_STRATEGIES;
      const strategy = h('select', { id: 'migrate-strategy' }, names.map((x) => h('option', { value: x }, x)));
      const go = h('button.primary', { type: 'submit', id: 'migrate-go', disabled: !targets.length }, 'Migrate');
      // the pre-flight plan (GET /processes/{id}/plan): read from /proc, the program never stops
      const plan = h('div', { id: 'migrate-plan', 'aria-live': 'polite' });
      async function showPlan() {
        if (!to.value) return;
        fill(plan, h('p.hint', 'Checking whether it can move…'));
        try {
          const r = await api('GET', `/processes/${encodeURIComponent(p.id)}/plan?to=${encodeURIComponent(to.value)}&strategy=${encodeURIComponent(strategy.value)}`);
          const blockers = (r.items || []).filter((i) => i.blocker);
          go.disabled = blockers.length > 0;
          fill(plan, blockers.length
            ? h('div.alert', { role: 'alert' }, h('strong', `It cannot move to ${to.value}: ${blockers.length} blocker${blockers.length > 1 ? 's' : ''}`),
                h('ul', blockers.map((b) => h('li', `${b.what}: ${b.reason || 'no way to move it'}${b.remedy ? ' (' + b.remedy + ')' : ''}`))))
            : h('p.hint.plan-ok', `Ready to move: ${r.processes} process${r.processes === 1 ? '' : 'es'}, ${r.threads} thread${r.threads === 1 ? '' : 's'}, `
                + `${r.descriptors} descriptor${r.descriptors === 1 ? '' : 's'}, about ${bytes(r.imageBytes)} to send (planned in ${ms(r.elapsedMs)}).`));
        } catch (e) {
          go.disabled = false; // no plan (an older host): the migration runs its own checks
          fill(plan, h('p.hint', `No pre-flight plan: ${e.message}`));
        }
      }
      to.addEventListener('change', showPlan);
      strategy.addEventListener('change', showPlan);
      panel(`Migrate ${p.name || p.id} from ${p.host}`,
        h('form.row', { onsubmit: (e) => { e.preventDefault(); closeAction(); migrate(p, to.value, strategy.value); } },
          h('div.field', h('label', { for: 'migrate-to' }, 'To host'), to),
          h('div.field', h('label', { for: 'migrate-strategy' }, 'Strategy'), strategy), go),
        targets.length ? plan : h('p.hint', 'There is no other host to migrate to.'));
      showPlan();
    }

    function checkpointForm(p) {
      const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '');
      const dir = h('input', { id: 'checkpoint-dir', value: `/var/lib/vos/images/${p.id}-${stamp}`, spellcheck: false });
      const leave = h('input', { type: 'checkbox', id: 'checkpoint-leave', checked: true });
      const go = h('button.primary', { type: 'submit', id: 'checkpoint-go' }, 'Checkpoint');
      const out = h('div');
      panel(`Checkpoint ${p.name || p.id} on ${p.host}`,
        h('form.row', {
          onsubmit: async (e) => {
            e.preventDefault();
            go.disabled = true;
            try {
              const img = await api('POST', `/processes/${encodeURIComponent(p.id)}/checkpoint`, { json: { dir: dir.value.trim(), leaveRunning: leave.checked } });
              lastImage = { dir: img.dir || dir.value.trim(), host: img.host || p.host };
              fill(out, h('div.alert.good', { role: 'status' }, `Image written to ${img.dir} on ${img.host}: ${bytes(img.bytes)}, `
                + `freeze ${ms(img.freezeMs)}, dump ${ms(img.dumpMs)}.`));
              await refresh();
            } catch (err) {
              if (err.status !== 401) fill(out, errorBox(err, 'Checkpoint failed'));
            } finally { go.disabled = false; }
          },
        },
        h('div.field.grow', h('label', { for: 'checkpoint-dir' }, `Image directory (on ${p.host})`), dir),
        h('label.row', { for: 'checkpoint-leave' }, leave, ' leave it running'), go), out);
    }

    async function restoreForm() {
      const all = await hosts();
      const dir = h('input', { id: 'restore-dir', value: lastImage ? lastImage.dir : '', placeholder: '/var/lib/vos/images/…', spellcheck: false, required: true });
      const onHost = h('select', { id: 'restore-host' }, all.map((x) => h('option', { value: x.name, disabled: x.state !== 'up' }, x.name)));
      const from = h('select', { id: 'restore-from' }, h('option', { value: '' }, 'the same host'),
        all.map((x) => h('option', { value: x.name }, x.name)));
      if (lastImage) { onHost.value = lastImage.host; from.value = lastImage.host; }
      const go = h('button.primary', { type: 'submit', id: 'restore-go' }, 'Restore');
      const out = h('div');
      panel('Restore a checkpoint image',
        h('form.row', {
          onsubmit: async (e) => {
            e.preventDefault();
            go.disabled = true;
            try {
              const req = { dir: dir.value.trim(), host: onHost.value };
              if (from.value && from.value !== onHost.value) req.from = from.value;
              const r = await api('POST', '/images/restore', { json: req });
              fill(out, h('div.alert.good', { role: 'status' }, `Restored ${r.name || r.id} as ${r.id} on ${r.host} (pid ${r.pid}).`));
              await refresh();
            } catch (err) {
              if (err.status !== 401) fill(out, errorBox(err, 'Restore failed'));
            } finally { go.disabled = false; }
          },
        },
        h('div.field.grow', h('label', { for: 'restore-dir' }, 'Image directory'), dir),
        h('div.field', h('label', { for: 'restore-from' }, 'Image is on'), from),
        h('div.field', h('label', { for: 'restore-host' }, 'Restore on'), onHost), go), out);
    }

    /** The program's output, followed live (GET /processes/{id}/logs?offset=N) while the panel is open. */
    async function output(p) {
      const pre = h('pre.output', { id: 'process-output' }, '');
      const status = h('span.muted', { id: 'process-output-status' }, 'loading…');
      panel(`Output of ${p.name || p.id}`, status, pre);
      const decoder = new TextDecoder();
      let offset = 0;
      let text = '';
      while (alive && pre.isConnected) {
        try {
          const chunk = await api('GET', `/processes/${encodeURIComponent(p.id)}/logs?offset=${offset}`, { bytes: true });
          if (chunk.length) {
            offset += chunk.length;
            text += decoder.decode(chunk, { stream: true });
            if (text.length > 40000) text = '…' + text.slice(-40000);
            const atEnd = pre.scrollTop + pre.clientHeight >= pre.scrollHeight - 4;
            pre.textContent = text;
            if (atEnd) pre.scrollTop = pre.scrollHeight;
          }
          status.textContent = `${offset} bytes · following`;
        } catch (e) {
          if (e.status === 401) return;
          status.textContent = `${offset} bytes · ${e.message}`;
        }
        await sleep(1000);
      }
    }

    async function migrate(p, to, strategy) {
      const t = { processId: p.id, name: p.name || p.id, from: p.host, to, strategy, began: Date.now(),
        m: { state: 'running', phase: 'check' }, error: null };
      tracks.unshift(t);
      if (tracks.length > 5) tracks.pop();
      drawTracks();
      let posting = true;
      const watch = (async () => {      // while the POST runs (it may answer only when done)
        while (posting) {
          await sleep(400);
          if (!posting) break;
          try { adopt(t, await api('GET', '/migrations')); drawTracks(); } catch (e) { /* next round */ }
        }
      })();
      try {
        t.m = { ...t.m, ...(await api('POST', `/processes/${encodeURIComponent(p.id)}/migrate`, { json: { to, strategy } })) };
      } catch (e) {
        t.error = e;
        t.m = { ...t.m, state: 'failed' };
      }
      posting = false;
      await watch;
      // an asynchronous API answers "running": follow it in the history until it ends
      while (t.m.state === 'running' && !t.error && Date.now() - t.began < 10 * 60 * 1000) {
        drawTracks();
        await sleep(500);
        try { adopt(t, await api('GET', '/migrations')); } catch (e) { /* next round */ }
      }
      drawTracks();
      if (t.m.state === 'done') toast(`${t.name} migrated to ${to} in ${ms(t.m.totalMs)}`);
      else toast(`Migration of ${t.name} to ${to} failed`, true);
      if (alive) refresh().catch(() => {});
    }

    function adopt(t, all) {
      const mine = t.m.id ? all.find((m) => m.id === t.m.id)
        : all.filter((m) => m.processId === t.processId && m.to === t.to && (m.startedAt || 0) >= t.began - 5000)
          .sort((a, b) => (b.startedAt || 0) - (a.startedAt || 0))[0];
      if (mine) t.m = { ...t.m, ...mine };
    }

    function drawTracks() {
      if (!alive) return;
      fill(progress, tracks.length ? h('section.panel', h('h2', 'Migrations started here'), tracks.map(trackView)) : null);
    }

    function trackView(t) {
      const m = t.m;
      const finished = m.state !== 'running';
      const at = m.state === 'done' ? STEPS.length - 1 : Math.max(0, STEPS.indexOf(m.phase || 'check'));
      const steps = h('div.steps', STEPS.map((name, i) => h('div.step'
        + (m.state === 'done' || i < at ? '.done' : '')
        + (i === at && m.state === 'running' ? '.current' : '')
        + (i === at && m.state === 'failed' ? '.failed' : ''), { 'data-step': name }, name)));
      const total = finished && m.totalMs ? segments(m) : null;
      return h('div.progress.track' + (finished ? '.finished' : ''), { 'data-process': t.processId, 'data-state': m.state, 'data-phase': m.phase || '' },
        h('div.result-line', h('strong', t.name), ` ${t.from} → ${t.to} (${t.strategy}) `, badge(m.state),
          m.state === 'running' ? h('span.muted', ` ${m.phase || 'starting'}… ${Math.round((Date.now() - t.began) / 1000)} s`
            + (m.imageBytes ? `, ${bytes(m.imageBytes)}` : '')) : null),
        steps,
        m.state === 'failed' ? errorBox(t.error || { message: m.error || 'failed', code: m.errorCode }, `Failed in ${m.phase || 'start'}; the program stays on ${t.from}`) : null,
        total ? h('div.result', { id: 'migration-result' }, miniBar(m),
          h('div.result-line.timings', total.map((x) => `${x.name} ${ms(x.value)}`).join(' · '),
            ` · total ${ms(m.totalMs)}`, m.downtimeMs ? ` · downtime ${ms(m.downtimeMs)}` : '',
            m.imageBytes ? ` · image ${bytes(m.imageBytes)}` : '')) : null);
    }

    function row(p) {
      const running = ['running', 'stopped', 'frozen'].includes((p.state || '').toLowerCase());
      return h('tr', { 'data-process': p.id, 'data-host': p.host, 'data-state': p.state },
        h('td.mono', p.id),
        h('td', { title: (p.command || []).join(' ') }, h('div', p.name || (p.command || [])[0] || '?'),
          h('div.muted.mono.cmd', (p.command || []).join(' '))),
        h('td', p.host),
        h('td.mono', String(p.pid || '–'), p.hostPid && p.hostPid !== p.pid ? h('span.muted', ` (${p.hostPid})`) : null),
        h('td', badge(p.state), p.exitCode !== null && p.exitCode !== undefined ? h('span.muted', ` exit ${p.exitCode}`) : null),
        h('td.mono', bytes(p.rssBytes)),
        h('td', (p.hooks || []).length ? p.hooks.map((x) => h('span.chip', x)) : h('span.muted', 'none')),
        h('td.muted', { 'data-started': String(p.startedAt || 0) }, ago(p.startedAt)),
        h('td.actions',
          h('button.small', { type: 'button', onclick: () => output(p) }, 'Output'),
          running ? h('button.small', { type: 'button', onclick: () => checkpointForm(p) }, 'Checkpoint…') : null,
          running ? h('button.small', { type: 'button', 'data-action': 'migrate', onclick: () => migrateForm(p) }, 'Migrate…') : null,
          running ? confirmButton('Kill', async () => {
            try { await api('DELETE', `/processes/${encodeURIComponent(p.id)}`); toast(`${p.id} killed`); } catch (e) {
              if (e.status !== 401) show(errorBox(e, `Kill ${p.id} failed`));
            }
            await refresh().catch(() => {});
          }) : null));
    }

    async function refresh() {
      const all = await hosts();
      const keep = runHost.value || onlyHost;
      const opts = all.map((x) => `${x.name}:${x.state}`).join();
      if (runHost.dataset.opts !== opts) {
        runHost.dataset.opts = opts;
        fill(runHost, all.map((x) => h('option', { value: x.name, disabled: x.state !== 'up' }, x.state === 'up' ? x.name : `${x.name} (down)`)));
        const pick = all.find((x) => x.name === keep && x.state === 'up') || all.find((x) => x.state === 'up');
        if (pick) runHost.value = pick.name;
      }
      try {
        procs = await api('GET', '/processes');
      } catch (e) {
        if (e.status !== 401) fill(list, errorBox(e, 'Processes'));
        shown = '';
        throw e;
      }
      procs.sort((a, b) => (b.startedAt || 0) - (a.startedAt || 0));
      const counted = onlyHost ? procs.filter((p) => p.host === onlyHost) : procs;
      const live = counted.filter((p) => (p.state || '').toLowerCase() === 'running').length;
      summary.textContent = `${counted.length} ${counted.length === 1 ? 'process' : 'processes'}, ${live} running`;
      for (const td of list.querySelectorAll('td[data-started]')) td.textContent = ago(Number(td.dataset.started));
      if (tracks.some((t) => t.m.state === 'running')) drawTracks();
      const mine = counted;
      const visible = showEnded.checked ? mine : mine.filter((p) => (p.state || '').toLowerCase() !== 'exited');
      const key = showEnded.checked + JSON.stringify(visible.map(({ startedAt, ...rest }) => rest));
      if (key === shown) return;
      shown = key;
      const hidden = mine.length - visible.length;
      fill(list, visible.length ? h('table', { id: 'process-table' },
        h('thead', h('tr', ['ID', 'Name', 'Host', 'PID', 'State', 'Memory', 'Hooks', 'Started', ''].map((x) => h('th', x)))),
        h('tbody', visible.map(row)))
        : h('div.empty', mine.length ? 'No program is running.' : onlyHost ? `No process on ${onlyHost}.` : 'No process runs under vos yet. Launch one above.'),
        hidden ? h('p.hint', `${hidden} ${hidden === 1 ? 'program' : 'programs'} ended (not shown).`) : null);
    }

    drawTracks();
    return { refresh, unmount() { alive = false; } };
  },
};
