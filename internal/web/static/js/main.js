// The application shell: who is signed in, the navigation for their role,
// the language switch and the hash router that renders each screen.

import { t, currentLang, setLang } from './i18n.js';
import { gql, setToken, hasToken, onUnauthenticated } from './api.js';
import { h, mount, loading, errorBox, toast } from './ui.js';
import * as citizen from './citizen.js';
import * as complaints from './complaints.js';
import * as overview from './overview.js';
import * as hr from './hr.js';
import * as analytics from './analytics.js';
import * as signin from './signin.js';

/** The signed-in account (me), or null for the public. */
export const session = { me: null, config: { demo: false, demoAccounts: [] } };

// Screens: path pattern, text key, who sees it in the menu (null: everyone
// signed out or in; roles: those roles), render(main, params).
const routes = [
  { path: 'report', key: 'navReport', group: 'navCitizens', render: citizen.report },
  { path: 'track', key: 'navTrack', group: 'navCitizens', render: citizen.track },
  { path: 'feed', key: 'navFeed', group: 'navCitizens', render: citizen.feed },
  { path: 'survey', key: 'navSurvey', group: 'navCitizens', render: citizen.survey },
  { path: 'overview', key: 'navOverview', group: 'navWork', roles: ['ADMIN', 'HR_OFFICER', 'LEADER', 'ANALYST'], render: overview.render },
  { path: 'complaints', key: 'navInbox', group: 'navWork', roles: ['ADMIN', 'HR_OFFICER', 'LEADER'], render: complaints.inbox },
  { path: 'complaints/:id', roles: ['ADMIN', 'HR_OFFICER', 'LEADER'], render: complaints.detail },
  { path: 'employees', key: 'navEmployees', group: 'navWork', roles: ['ADMIN', 'HR_OFFICER', 'LEADER', 'ANALYST'], render: hr.employees },
  { path: 'employees/:id', roles: ['ADMIN', 'HR_OFFICER', 'LEADER', 'ANALYST', 'EMPLOYEE'], render: hr.profile },
  { path: 'units', key: 'navUnits', group: 'navWork', roles: ['ADMIN', 'HR_OFFICER', 'LEADER', 'ANALYST'], render: hr.units },
  { path: 'analytics', key: 'navAnalytics', group: 'navWork', roles: ['ADMIN', 'ANALYST', 'HR_OFFICER', 'LEADER'], render: analytics.render },
  { path: 'me', key: 'navMe2', group: 'navMe', roles: ['EMPLOYEE', 'LEADER', 'HR_OFFICER', 'ADMIN'], needsEmployee: true, render: hr.me },
  { path: 'trainings', key: 'navTrainings', group: 'navMe', roles: ['ADMIN', 'HR_OFFICER', 'LEADER', 'ANALYST', 'EMPLOYEE'], render: hr.trainings },
  { path: 'appraisals', key: 'navAppraisals', group: 'navMe', roles: ['ADMIN', 'HR_OFFICER', 'LEADER', 'EMPLOYEE'], render: hr.appraisals },
  { path: 'worklogs', key: 'navWorkLogs', group: 'navMe', roles: ['ADMIN', 'HR_OFFICER', 'LEADER', 'EMPLOYEE'], render: hr.workLogs },
  { path: 'signin', render: signin.render },
];

function role() { return session.me ? session.me.role : 'PUBLIC'; }

function allowed(r) {
  if (!r.roles) return true;
  if (!session.me || !r.roles.includes(session.me.role)) return false;
  return !r.needsEmployee || !!session.me.employee;
}

function match(hash) {
  const parts = hash.replace(/^#\/?/, '').split('?')[0].split('/').filter(Boolean);
  for (const r of routes) {
    const pat = r.path.split('/');
    if (pat.length !== parts.length) continue;
    const params = {};
    if (pat.every((p, i) => (p.startsWith(':') ? ((params[p.slice(1)] = decodeURIComponent(parts[i])), true) : p === parts[i]))) {
      return { route: r, params };
    }
  }
  return null;
}

/** The screen a role starts on. */
function home() {
  switch (role()) {
    case 'PUBLIC': return '#/report';
    case 'EMPLOYEE': return '#/me';
    case 'ANALYST': return '#/analytics';
    default: return '#/overview';
  }
}

let cleanup = null;
let generation = 0;

/** Renders the screen of the current hash. */
export async function render() {
  const main = document.getElementById('main');
  const mine = ++generation;
  if (cleanup) { try { cleanup(); } catch { /* already closed */ } cleanup = null; }
  renderChrome();
  if (!location.hash || location.hash === '#/' || location.hash === '#') {
    location.replace(home());
    return;
  }
  const m = match(location.hash);
  if (!m) {
    mount(main, h('h1', {}, t('notFound')), h('p', {}, h('a', { href: home() }, t('navOverview'))));
    return;
  }
  if (!allowed(m.route)) {
    if (!session.me) {
      sessionStorage.setItem('simasn.after', location.hash);
      location.replace('#/signin');
      return;
    }
    mount(main, errorBox({ code: 'FORBIDDEN', message: t('roles')[role()] }));
    return;
  }
  markNav();
  // Each screen draws into its own element: a screen still loading when
  // the user moves on draws into a detached one, and is closed at once.
  const view = h('div', { class: 'view' }, loading());
  mount(main, view);
  try {
    const stop = await m.route.render(view, m.params, session) || null;
    if (mine !== generation) {
      if (stop) stop();
      return;
    }
    cleanup = stop;
  } catch (err) {
    if (err && err.name !== 'APIError') console.warn(err);
    if (mine === generation) mount(view, errorBox(err, render));
  }
}

function markNav() {
  document.querySelectorAll('#nav a').forEach((a) => {
    const here = location.hash === a.getAttribute('href') || location.hash.startsWith(`${a.getAttribute('href')}/`);
    if (here) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
  });
}

function renderChrome() {
  document.title = t('app');
  const top = document.getElementById('top');
  const who = session.me
    ? h('div', { class: 'who' },
      h('span', { class: 'who-name' }, session.me.employee ? session.me.employee.name : session.me.username),
      h('span', { class: 'who-role' }, t('roles')[session.me.role] + (session.me.unit ? ` · ${session.me.unit.name}` : '')),
      h('button', { type: 'button', class: 'btn small ghost', onclick: signOut, id: 'signout' }, t('signOut')))
    : h('a', { class: 'btn small', href: '#/signin', id: 'signin-link' }, t('signIn'));
  mount(top,
    h('button', { type: 'button', class: 'menu-toggle', 'aria-controls': 'nav', 'aria-expanded': 'false', onclick: toggleMenu }, '☰', h('span', { class: 'sr-only' }, t('menu'))),
    h('a', { class: 'brand', href: '#/' }, h('img', { src: '/static/icon.svg', alt: '', width: 32, height: 32 }),
      h('span', {}, h('strong', {}, t('appShort')), h('small', {}, t('tagline')))),
    h('div', { class: 'top-right' },
      h('button', { type: 'button', class: 'btn small ghost', id: 'lang', lang: currentLang() === 'id' ? 'en' : 'id', onclick: switchLang, 'aria-label': t('switchLang') },
        h('span', { class: 'long' }, t('switchLang')), h('span', { class: 'short', 'aria-hidden': 'true' }, t('switchLangShort'))),
      who));
  const groups = {};
  for (const r of routes) {
    if (!r.key || !allowed(r)) continue;
    (groups[r.group] ||= []).push(r);
  }
  const nav = document.getElementById('nav');
  const order = session.me ? ['navWork', 'navMe', 'navCitizens'] : ['navCitizens'];
  mount(nav, order.filter((g) => groups[g]).map((g) => h('div', { class: 'nav-group' },
    h('h2', {}, t(g)),
    h('ul', {}, groups[g].map((r) => h('li', {}, h('a', { href: `#/${r.path}`, onclick: closeMenu }, t(r.key))))))),
  session.me ? h('div', { class: 'nav-group' }, h('ul', {}, h('li', {}, h('a', { href: '/graphiql' }, t('navGraphiQL'))))) : null);
}

function toggleMenu(ev) {
  const nav = document.getElementById('nav');
  const open = nav.classList.toggle('open');
  ev.currentTarget.setAttribute('aria-expanded', String(open));
}

function closeMenu() {
  document.getElementById('nav').classList.remove('open');
  const b = document.querySelector('.menu-toggle');
  if (b) b.setAttribute('aria-expanded', 'false');
}

function switchLang() {
  setLang(currentLang() === 'id' ? 'en' : 'id');
  render();
}

/** Signs in with a token from the login mutation and goes on. */
export async function signedIn(token) {
  setToken(token);
  await loadMe();
  const after = sessionStorage.getItem('simasn.after');
  sessionStorage.removeItem('simasn.after');
  location.hash = after && after !== '#/signin' ? after : home();
  render();
}

function signOut() {
  setToken(null);
  session.me = null;
  location.hash = '#/report';
  render();
}

async function loadMe() {
  if (!hasToken()) { session.me = null; return; }
  try {
    const d = await gql('{ me { id username role unit { id name path } employee { id name nip unit { id name } } } }');
    session.me = d.me;
    if (!d.me) setToken(null);
  } catch (err) {
    session.me = null;
    if (err.code === 'UNAUTHENTICATED') setToken(null);
    else throw err;
  }
}

onUnauthenticated(() => {
  setToken(null);
  session.me = null;
  toast(t('sessionExpired'), 'warn');
  sessionStorage.setItem('simasn.after', location.hash);
  location.hash = '#/signin';
});

async function start() {
  document.documentElement.lang = currentLang();
  try {
    const res = await fetch('/config.json');
    if (res.ok) session.config = await res.json();
  } catch { /* no demo buttons */ }
  try {
    await loadMe();
  } catch (err) {
    mount(document.getElementById('main'), errorBox(err, () => location.reload()));
    return;
  }
  // The skip link must not change the hash the router reads.
  const skip = document.querySelector('.skip');
  if (skip) skip.addEventListener('click', (ev) => { ev.preventDefault(); document.getElementById('main').focus(); });
  window.addEventListener('hashchange', render);
  await render();
  document.body.dataset.ready = 'true';
}

start();
