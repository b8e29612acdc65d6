// Shared by every page: the REST client (token in the X-Vos-Token header), DOM helpers, formats.
const TOKEN_KEY = 'vos.token';

export class ApiError extends Error {
  constructor(status, body) {
    super((body && body.error) || `HTTP ${status}`);
    this.status = status;
    this.code = (body && body.code) || String(status);
    this.detail = body && body.detail;
  }
}

export const session = {
  token: () => sessionStorage.getItem(TOKEN_KEY),
  set: (t) => sessionStorage.setItem(TOKEN_KEY, t),
  clear: () => sessionStorage.removeItem(TOKEN_KEY),
  onRefused: () => {},
};

/**
 * One REST call. Every call, GET included, carries the token; a 401 anywhere ends the session
 * (the console goes back to its login page). JSON in and out; `raw` sends bytes as they are.
 */
export async function api(method, path, { json, raw, text, bytes: wantBytes } = {}) {
  const headers = { 'Accept': 'application/json', 'X-Vos-Token': session.token() || '' };
  let body;
  if (json !== undefined) { headers['Content-Type'] = 'application/json'; body = JSON.stringify(json); }
  if (raw !== undefined) { headers['Content-Type'] = 'application/java-archive'; body = raw; }
  const res = await fetch('/api/v1' + path, { method, headers, body, cache: 'no-store', credentials: 'omit' });
  if (res.status === 401) {
    session.onRefused('The domain token was refused. Log in again.');
    throw new ApiError(401, await res.json().catch(() => null));
  }
  if (res.status === 204) return null;
  if (!res.ok) throw new ApiError(res.status, await res.json().catch(() => null));
  if (text) return res.text();
  if (wantBytes) return new Uint8Array(await res.arrayBuffer());
  return res.json();
}

/**
 * Whether the REST API accepts a token. GETs are public in the API, so the check is a call that
 * needs the token and changes nothing: POST /api/v1/version is answered 405 (method not allowed)
 * after the token check passed, 401 when it did not.
 */
export async function tokenAccepted(token) {
  const res = await fetch('/api/v1/version', {
    method: 'POST', headers: { 'X-Vos-Token': token, 'Accept': 'application/json' }, cache: 'no-store', credentials: 'omit',
  });
  if (res.status === 401) return false;
  if (res.status === 405 || res.ok) return true;
  throw new Error(`the manager answered ${res.status}`);
}

/** h('tag.class', {attr: v, onclick: f}, children...) — builds DOM without innerHTML. */
export function h(spec, attrs, ...kids) {
  const [tag, ...classes] = spec.split('.');
  const el = document.createElement(tag || 'div');
  if (classes.length) el.className = classes.join(' ');
  if (attrs && (typeof attrs !== 'object' || attrs instanceof Node || Array.isArray(attrs))) { kids.unshift(attrs); attrs = null; }
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className += (el.className ? ' ' : '') + v;
    else if (k in el && typeof v !== 'string') el[k] = v;
    else el.setAttribute(k, v === true ? '' : v);
  }
  append(el, kids);
  return el;
}

const SVG_NS = 'http://www.w3.org/2000/svg';
export function s(tag, attrs, ...kids) {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs || {})) if (v !== undefined && v !== null) el.setAttribute(k, v);
  append(el, kids);
  return el;
}

function append(el, kids) {
  for (const k of kids.flat(Infinity)) {
    if (k === null || k === undefined || k === false) continue;
    el.append(k instanceof Node ? k : document.createTextNode(String(k)));
  }
}

/** Replaces the children of el, keeping the element (and whatever listens on it). */
export function fill(el, ...kids) { el.replaceChildren(); append(el, kids); return el; }

export function badge(state) {
  const st = (state || 'unknown').toLowerCase();
  const kind = ['up', 'active', 'running', 'done'].includes(st) ? 'ok'
    : ['down', 'failed', 'exited', 'killed', 'unresolved', 'dead', 'uninstalled'].includes(st) ? 'bad'
    : ['resolved', 'installed', 'starting', 'stopping', 'frozen', 'migrating', 'stopped'].includes(st) ? 'warn' : '';
  return h('span.badge' + (kind ? '.' + kind : ''), { 'data-state': state || '' }, state || 'unknown');
}

/** An error box for a page: message, stable code, detail. */
export function errorBox(err, what) {
  return h('div.alert', { role: 'alert' },
    h('strong', what ? what + ': ' : ''), err.message,
    err.code ? h('span.code', `(${err.code})`) : null,
    err.detail ? h('div.detail', err.detail) : null);
}

export function toast(message, bad) {
  const t = h('div.toast' + (bad ? '.bad' : ''), message);
  document.getElementById('toasts').append(t);
  setTimeout(() => t.remove(), 4500);
}

export function bytes(n) {
  if (n === null || n === undefined || n <= 0) return '–';
  const u = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  while (n >= 1024 && i < u.length - 1) { n /= 1024; i++; }
  return (i === 0 ? n : n.toFixed(n < 10 ? 1 : 0)) + ' ' + u[i];
}

export function ms(n) {
  if (n === null || n === undefined) return '–';
  return n >= 10000 ? (n / 1000).toFixed(1) + ' s' : n + ' ms';
}

export function ago(epochMs) {
  if (!epochMs) return '–';
  const d = Math.max(0, (Date.now() - epochMs) / 1000);
  if (d < 60) return Math.round(d) + ' s ago';
  if (d < 3600) return Math.round(d / 60) + ' min ago';
  if (d < 86400) return Math.round(d / 3600) + ' h ago';
  return new Date(epochMs).toLocaleString();
}

/** A button that asks once more before it acts (no modal dialogs). */
export function confirmButton(label, action, cls = 'small danger') {
  let armed = null;
  const b = h('button.' + cls.split(' ').join('.'), { type: 'button' }, label);
  b.addEventListener('click', async () => {
    if (!armed) {
      b.textContent = 'Sure?';
      b.classList.add('confirm');
      armed = setTimeout(() => { armed = null; b.textContent = label; b.classList.remove('confirm'); }, 4000);
      return;
    }
    clearTimeout(armed); armed = null;
    b.disabled = true;
    try { await action(); } finally { b.disabled = false; b.textContent = label; b.classList.remove('confirm'); }
  });
  return b;
}

/** Splits a command line like a shell would for simple cases: blanks, '...' and "..." quotes, \ escapes. */
export function splitCommand(line) {
  const out = []; let cur = ''; let q = null; let any = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (q) {
      if (c === q) q = null;
      else if (c === '\\' && q === '"' && i + 1 < line.length) cur += line[++i];
      else cur += c;
    } else if (c === '\'' || c === '"') { q = c; any = true; }
    else if (c === '\\' && i + 1 < line.length) { cur += line[++i]; any = true; }
    else if (/\s/.test(c)) { if (cur || any) out.push(cur); cur = ''; any = false; }
    else cur += c;
  }
  if (q) throw new Error('unclosed quote in the command');
  if (cur || any) out.push(cur);
  return out;
}

/** Hosts for pickers, cached for a moment so that forms do not flicker. */
let hostCache = { at: 0, list: [] };
export async function hosts() {
  if (Date.now() - hostCache.at > 1000) hostCache = { at: Date.now(), list: await api('GET', '/hosts') };
  return hostCache.list;
}
