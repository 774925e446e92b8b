// The console's shell: language, session, navigation and the one way the pages call the admin API.
// Every piece of text reaches the page through textContent (see h()), never as HTML: log bodies and key labels
// are attacker-controlled, and the Content-Security-Policy forbids inline script as a second line.
import { dashboard } from './pages/dashboard.js';
import { keys } from './pages/keys.js';
import { settings } from './pages/settings.js';
import { logs } from './pages/logs.js';
import { clients } from './pages/clients.js';

const pages = { '/dashboard': dashboard, '/keys': keys, '/clients': clients, '/settings': settings, '/logs': logs };
const languages = ['en', 'zh-CN'];
let strings = {};
let csrf = null;

/** Builds an element; string children become text nodes, attributes starting with "on" become listeners. */
export function h(tag, attrs = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
    else if (name === 'dataset') Object.assign(element.dataset, value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

/** The text for a key in the chosen language, {name} placeholders filled in. */
export function t(key, values = {}) {
  const text = strings[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => String(values[name] ?? ''));
}

export const numberFormat = (value) => new Intl.NumberFormat(document.documentElement.lang).format(value ?? 0);
/** Dates in the browser's own time zone. */
export const dateFormat = (value) => value ? new Intl.DateTimeFormat(document.documentElement.lang, { dateStyle: 'short', timeStyle: 'medium' }).format(new Date(value)) : '—';

export class ApiError extends Error {
  constructor(status, message) { super(message); this.status = status; }
}

/** Calls the admin API with the session cookie; changes carry the CSRF token. */
export async function api(method, path, body, contentType = 'application/json') {
  const headers = {};
  if (method !== 'GET') headers['X-CSRF-Token'] = csrf ?? '';
  let payload;
  if (body !== undefined) {
    headers['Content-Type'] = contentType;
    payload = contentType === 'application/json' ? JSON.stringify(body) : body;
  }
  const response = await fetch(path, { method, headers, body: payload, credentials: 'same-origin' });
  if (response.status === 401 && path.startsWith('/manage')) { await showLogin(); throw new ApiError(401, t('sessionEnded')); }
  const text = await response.text();
  const json = text ? JSON.parse(text) : null;
  if (!response.ok) throw new ApiError(response.status, json?.error?.message ?? response.statusText);
  return json;
}

export function toast(message) {
  const line = h('p', {}, message);
  document.getElementById('toast').append(line);
  setTimeout(() => line.remove(), 4000);
}

async function loadLanguage(language) {
  const response = await fetch(`/console/i18n/${language}.json`);
  strings = await response.json();
  document.documentElement.lang = language;
  document.title = t('title');
  document.getElementById('lang').value = language;
  for (const element of document.querySelectorAll('[data-i18n]')) element.textContent = t(element.dataset.i18n);
}

function chosenLanguage() {
  const saved = localStorage.getItem('gb-lang');
  if (languages.includes(saved)) return saved;
  return (navigator.languages ?? [navigator.language]).some((tag) => tag?.toLowerCase().startsWith('zh')) ? 'zh-CN' : 'en';
}

function renderNav(current) {
  const nav = document.getElementById('nav');
  nav.replaceChildren(...Object.keys(pages).map((path) =>
    h('a', { href: path, 'aria-current': path === current ? 'page' : null, onclick: (event) => { event.preventDefault(); go(path); } }, t('nav' + path.slice(1)))));
  nav.hidden = false;
  document.getElementById('logout').hidden = false;
}

export async function go(path, replace = false) {
  if (!pages[path]) path = '/dashboard';
  if (location.pathname !== path) history[replace ? 'replaceState' : 'pushState']({}, '', path);
  renderNav(path);
  const main = document.getElementById('main');
  main.replaceChildren(h('p', { class: 'muted' }, t('loading')));
  try {
    await pages[path](main);
  } catch (error) {
    if (error.status !== 401) main.replaceChildren(h('p', { class: 'error', role: 'alert' }, error.message));
  }
}

async function showLogin(problem) {
  csrf = null;
  document.getElementById('nav').hidden = true;
  document.getElementById('logout').hidden = true;
  if (location.pathname !== '/') history.replaceState({}, '', '/');
  const session = await (await fetch('/console/session')).json();
  const main = document.getElementById('main');
  if (!session.consoleOn) {
    main.replaceChildren(h('section', { class: 'login panel' }, h('h1', {}, t('consoleOffTitle')), h('p', {}, t('consoleOff')), h('pre', { class: 'body' }, '"AUTH_TOKEN": "…"')));
    return;
  }
  const input = h('input', { id: 'token', type: 'password', autocomplete: 'current-password', required: true });
  const message = h('p', { class: 'error', role: 'alert' }, problem ?? '');
  const form = h('form', { onsubmit: async (event) => {
    event.preventDefault();
    const response = await fetch('/console/login', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ token: input.value }) });
    if (response.ok) { csrf = (await response.json()).csrfToken; input.value = ''; await go('/dashboard', true); return; }
    message.textContent = response.status === 429 ? t('loginSlowDown', { seconds: response.headers.get('Retry-After') ?? '?' }) : t('loginWrong');
    input.select();
  } }, h('label', { for: 'token' }, t('adminToken')), input, h('button', { class: 'primary', type: 'submit' }, t('login')), message);
  main.replaceChildren(h('section', { class: 'login panel' }, h('h1', {}, t('loginTitle')), form));
  input.focus();
}

async function start() {
  await loadLanguage(chosenLanguage());
  document.getElementById('lang').addEventListener('change', async (event) => {
    localStorage.setItem('gb-lang', event.target.value);
    await loadLanguage(event.target.value);
    if (csrf) await go(location.pathname, true); else await showLogin();
  });
  document.getElementById('logout').addEventListener('click', async () => {
    await fetch('/console/logout', { method: 'POST', headers: { 'X-CSRF-Token': csrf ?? '' } });
    await showLogin();
  });
  window.addEventListener('popstate', () => csrf ? go(location.pathname, true) : showLogin());
  const session = await (await fetch('/console/session')).json();
  if (session.loggedIn) { csrf = session.csrfToken; await go(location.pathname, true); } else await showLogin();
}

start();
