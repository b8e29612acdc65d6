// Bundles of one host: the list with state and version, install (upload a jar), start, stop,
// update, uninstall. Unresolved bundles show what they miss; every refusal is shown as the
// REST API words it (nothing is installed on a bad jar: the executive refuses it whole).
import { api, h, fill, badge, errorBox, toast, confirmButton, hosts } from '../lib.js';

export default {
  title: 'Bundles',
  mount(view, host) {
    const tabs = h('div.tabs', { id: 'host-tabs' });
    const message = h('div', { id: 'bundle-message' });
    const file = h('input', { type: 'file', id: 'bundle-file', accept: '.jar,application/java-archive' });
    const start = h('input', { type: 'checkbox', id: 'bundle-start', checked: true });
    const install = h('button.primary', { type: 'submit', id: 'bundle-install' }, 'Install');
    const list = h('div', { id: 'bundle-list' });
    const title = h('h1', 'Bundles');
    const form = h('form.row', { onsubmit: (e) => { e.preventDefault(); upload(); } },
      h('div.field.grow', h('label', { for: 'bundle-file' }, 'Bundle jar'), file),
      h('label.row', { for: 'bundle-start' }, start, ' start it'),
      install);
    view.append(h('div.page-head', title, tabs), message,
      h('section.panel', h('h2', 'Install a bundle'), form),
      h('section.panel', list));

    let rows = [];
    let shown = '';
    const show = (node) => fill(message, node);
    // the manager's own framework is the tab "manager" (GET /api/v1/bundles); hosts go through /hosts/H/bundles
    const MANAGER = 'manager';
    let managerTab = true;
    const onManager = () => host === MANAGER && managerTab;
    const path = (rest = '') => (onManager() ? `/bundles${rest}` : `/hosts/${encodeURIComponent(host)}/bundles${rest}`);

    async function upload() {
      const f = file.files[0];
      if (!host) return;
      if (!f) { show(errorBox(new Error('Choose a jar file first.'))); return; }
      install.disabled = true;
      try {
        const data = await f.arrayBuffer();
        const b = await api('POST', path(`?start=${start.checked}&name=${encodeURIComponent(f.name)}`), { raw: data });
        show(h('div.alert.good', { role: 'status' }, `Installed ${b.symbolicName} ${b.version} on ${host}: ${b.state}`));
        file.value = '';
        await refresh();
      } catch (e) {
        if (e.status !== 401) show(errorBox(e, `Installing ${f.name} on ${host} failed`));
      } finally {
        install.disabled = false;
      }
    }

    async function act(b, what, call) {
      try {
        await call();
        toast(`${b.symbolicName}: ${what} on ${host}`);
        fill(message);
      } catch (e) {
        if (e.status !== 401) show(errorBox(e, `${what} ${b.symbolicName} on ${host} failed`));
      }
      await refresh().catch(() => {});
    }

    function update(b) {
      const picker = h('input', { type: 'file', accept: '.jar' });
      picker.addEventListener('change', () => {
        const f = picker.files[0];
        if (f) act(b, 'updated', async () => api('PUT', path('/' + encodeURIComponent(b.symbolicName)), { raw: await f.arrayBuffer() }));
      });
      picker.click();
    }

    function row(b) {
      const name = encodeURIComponent(b.symbolicName);
      const system = b.id === 0;
      const active = b.state === 'ACTIVE';
      return h('tr', { 'data-bundle': b.symbolicName, 'data-state': b.state },
        h('td.mono.muted', String(b.id)),
        h('td', h('div', b.symbolicName),
          b.missing && b.missing.length ? h('div.missing', 'missing: ', b.missing.map((m) => [h('code', m), ' '])) : null),
        h('td.mono', b.version),
        h('td', badge(b.state)),
        h('td.actions', system ? h('span.muted', 'system') : [
          active ? h('button.small', { type: 'button', onclick: () => act(b, 'stopped', () => api('POST', path(`/${name}/stop`))) }, 'Stop')
            : h('button.small', { type: 'button', onclick: () => act(b, 'started', () => api('POST', path(`/${name}/start`))) }, 'Start'),
          h('button.small', { type: 'button', onclick: () => update(b) }, 'Update…'),
          confirmButton('Uninstall', () => act(b, 'uninstalled', () => api('DELETE', path('/' + name)))),
        ]));
    }

    async function refresh() {
      const all = await hosts();
      if (!host && all.length) {
        const first = all.find((x) => x.state === 'up') || all[0];
        host = first.name;
        history.replaceState(null, '', '#/bundles/' + encodeURIComponent(host));
      }
      managerTab = !all.some((x) => x.name === MANAGER);
      fill(tabs, all.map((x) => h('a' + (x.name === host ? '.active' : '') + (x.state !== 'up' ? '.down' : ''),
        { href: '#/bundles/' + encodeURIComponent(x.name), title: x.state }, x.name)),
      managerTab ? h('a.manager-tab' + (host === MANAGER ? '.active' : ''), { href: '#/bundles/' + MANAGER, title: 'the manager runtime itself' }, 'manager') : null);
      title.textContent = !host ? 'Bundles' : onManager() ? 'Bundles of the manager' : `Bundles on ${host}`;
      install.disabled = !host;
      if (!host) { fill(list, h('div.empty', 'No host is registered.')); return; }
      try {
        rows = await api('GET', path());
      } catch (e) {
        if (e.status !== 401) fill(list, errorBox(e, `Bundles of ${host}`));
        throw e;
      }
      rows.sort((a, b) => a.id - b.id);
      const key = host + JSON.stringify(rows);
      if (key === shown) return;   // unchanged: keep the DOM (and a half-confirmed button)
      shown = key;
      fill(list, h('table', { id: 'bundle-table' },
        h('thead', h('tr', h('th', '#'), h('th', 'Symbolic name'), h('th', 'Version'), h('th', 'State'), h('th'))),
        h('tbody', rows.map(row))),
        h('p.hint', `${rows.length} bundles, ${rows.filter((b) => b.state === 'ACTIVE').length} active.`));
    }

    return { refresh };
  },
};
