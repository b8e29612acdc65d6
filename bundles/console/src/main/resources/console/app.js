// vos console: login, navigation and the refresh loop. Pages live in pages/*.js; every datum
// comes from the REST API (lib.js).
import { session, tokenAccepted, api, fill } from './lib.js';
import hostsPage from './pages/hosts.js';
import bundlesPage from './pages/bundles.js';
import processesPage from './pages/processes.js';
import migrationsPage from './pages/migrations.js';

const PAGES = { hosts: hostsPage, bundles: bundlesPage, processes: processesPage, migrations: migrationsPage };
const POLL_MS = 1500;
const RECHECK_TOKEN_MS = 5000;

const $ = (id) => document.getElementById(id);
let current = null;      // { name, arg, page instance }
let timer = null;
let lastTokenCheck = 0;

function showLogin(message) {
  stopPage();
  session.clear();
  $('shell').hidden = true;
  fill($('view'));
  $('login').hidden = false;
  $('login-message').textContent = message || '';
  $('token').value = '';
  $('token').focus();
  if (location.hash && location.hash !== '#/login') history.replaceState(null, '', '#/login');
}
session.onRefused = showLogin;

async function login(ev) {
  ev.preventDefault();
  const token = $('token').value.trim();
  const button = $('login-button');
  if (!token) return;
  button.disabled = true;
  $('login-message').textContent = '';
  try {
    if (!(await tokenAccepted(token))) {
      showLogin('That is not the domain token of this manager.');
      return;
    }
    session.set(token);
    enter();
  } catch (e) {
    $('login-message').textContent = 'Cannot reach the manager: ' + e.message;
  } finally {
    button.disabled = false;
  }
}

function enter() {
  $('login').hidden = true;
  $('shell').hidden = false;
  lastTokenCheck = Date.now();
  if (!location.hash || location.hash === '#/login') location.hash = '#/hosts';
  else route();
}

function stopPage() {
  clearTimeout(timer);
  timer = null;
  if (current && current.instance.unmount) current.instance.unmount();
  current = null;
}

function route() {
  if (!session.token()) { showLogin(); return; }
  const [, name = 'hosts', ...rest] = location.hash.split('/');
  const page = PAGES[name] ? name : 'hosts';
  const arg = rest.map(decodeURIComponent).join('/');
  for (const a of document.querySelectorAll('#nav a')) a.classList.toggle('active', a.dataset.page === page);
  stopPage();
  const view = $('view');
  fill(view);
  current = { name: page, arg, instance: PAGES[page].mount(view, arg) };
  document.title = `vos · ${PAGES[page].title}`;
  tick();
}

async function tick() {
  const mine = current;
  if (!mine) return;
  try {
    if (Date.now() - lastTokenCheck > RECHECK_TOKEN_MS) {
      lastTokenCheck = Date.now();
      if (!(await tokenAccepted(session.token()))) { showLogin('The domain token is no longer valid. Log in again.'); return; }
    }
    await Promise.all([mine.instance.refresh(), status()]);
  } catch (e) {
    if (e.status === 401) return;
  }
  if (current === mine) timer = setTimeout(tick, POLL_MS);
}

async function status() {
  try {
    const s = await api('GET', '/status');
    $('domain-status').textContent = `manager ${s.version} · ${s.hostsUp ?? 0}/${s.hosts ?? 0} hosts up · ${s.processes ?? 0} programs`;
  } catch (e) {
    $('domain-status').textContent = 'manager not answering';
  }
}

window.addEventListener('hashchange', () => { if (session.token()) route(); });
document.addEventListener('visibilitychange', () => { if (!document.hidden && current) { clearTimeout(timer); tick(); } });
$('login-form').addEventListener('submit', login);
$('logout').addEventListener('click', () => showLogin('Logged out.'));

// A stored token is checked again before any page shows data.
(async () => {
  const token = session.token();
  if (!token) { showLogin(); return; }
  try {
    if (await tokenAccepted(token)) enter();
    else showLogin('The domain token is no longer valid. Log in again.');
  } catch (e) {
    showLogin('Cannot reach the manager: ' + e.message);
  }
})();
