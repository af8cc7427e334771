// The review UI: sign-in with a token, then a page per location hash (#/overview, #/queue, #/entry/<id>, #/audit,
// #/package?ecosystem=&package=). Plain modules, no build step, nothing loaded from elsewhere.

import { api, ApiError, session } from './api.js';
import { h, notice, show } from './dom.js';
import * as pages from './pages.js';

const main = document.getElementById('main');
const nav = document.getElementById('nav');
const who = document.getElementById('who');
const whoName = document.getElementById('who-name');

function signInForm(message) {
  const token = h('input', { type: 'password', name: 'token', id: 'token', autocomplete: 'off', required: true,
    maxlength: 4096, placeholder: 'paste your Gatehouse token' });
  const button = h('button', { type: 'submit' }, 'Sign in');
  const slot = h('div', { class: 'messages' }, message ? notice('error', message) : null);
  const form = h('form', { class: 'sign-in panel', autocomplete: 'off' },
    h('h1', null, 'Sign in to Gatehouse'),
    h('p', { class: 'muted' }, 'Paste an API token (reader, reviewer or admin). It stays in this tab only and is '
      + 'forgotten when the tab closes.'),
    h('label', { class: 'field', for: 'token' }, h('span', null, 'Token'), token), slot, button);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    button.disabled = true;
    const value = token.value.trim();
    try {
      // Any API call proves the token; the smallest page of the queue is the cheapest.
      await api('quarantine', { query: { limit: 1 }, token: value });
      session.signIn(value);
      await signedIn();
    } catch (error) {
      button.disabled = false;
      show(slot, notice('error', error instanceof ApiError && error.status === 401
        ? 'Gatehouse refused this token.' : 'Sign-in failed: ' + error.message));
    }
  });
  nav.hidden = true;
  who.hidden = true;
  show(main, form);
  token.focus();
}

async function signedIn() {
  nav.hidden = false;
  who.hidden = false;
  whoName.textContent = 'signed in';
  try {
    const me = await api('whoami');
    whoName.textContent = `${me.name} (${me.role})`;
    if (typeof me.role === 'string') session.knowRole(me.role);
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      signOut('Your token is no longer accepted; sign in again.');
      return;
    }
    // Servers before token roles have no whoami: the token still works, we just cannot name its holder.
    whoName.textContent = 'signed in with a token';
  }
  if (!location.hash || location.hash === '#/' || location.hash === '#') location.hash = '#/overview';
  else await render();
}

/** The id in #/entry/<id>; a malformed escape is passed on as typed, and the API answers that it knows no such id. */
function entryId(part) {
  try {
    return decodeURIComponent(part);
  } catch (malformed) {
    return part;
  }
}

function signOut(message) {
  session.signOut();
  history.replaceState(null, '', location.pathname);
  signInForm(message);
}

async function render() {
  if (!session.token()) {
    signInForm();
    return;
  }
  const hash = location.hash.replace(/^#\/?/, '');
  const [path, query] = hash.split('?', 2);
  const params = new URLSearchParams(query || '');
  const parts = path.split('/');
  for (const a of nav.querySelectorAll('a[data-page]')) {
    a.classList.toggle('active', a.dataset.page === parts[0] || (parts[0] === 'entry' && a.dataset.page === 'queue'));
  }
  const flash = sessionStorage.getItem('gatehouse.flash');
  sessionStorage.removeItem('gatehouse.flash');
  if (parts[0] === 'queue') await pages.queue(params, main);
  else if (parts[0] === 'entry' && parts[1]) await pages.entry(params, main, entryId(parts[1]));
  else if (parts[0] === 'audit') await pages.audit(params, main);
  else if (parts[0] === 'package') await pages.packagePage(params, main);
  else await pages.overview(params, main);
  if (flash) main.prepend(notice('ok', flash));
}

document.getElementById('sign-out').addEventListener('click', () => signOut());
document.getElementById('package-search').addEventListener('submit', (event) => {
  event.preventDefault();
  const data = new FormData(event.target);
  const params = new URLSearchParams({ ecosystem: data.get('ecosystem'), package: String(data.get('package')).trim() });
  location.hash = '#/package?' + params.toString();
});
window.addEventListener('hashchange', () => render());
window.addEventListener('gatehouse:unauthorized', () => signOut('Gatehouse no longer accepts your token; sign in again.'));

if (session.token()) signedIn();
else signInForm();
