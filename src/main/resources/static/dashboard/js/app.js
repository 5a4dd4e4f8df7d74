// The dashboard's shell: which page the address names (hash routes), who is signed in, the navigation.

import {loadSession, session, signOut} from './api.js';
import {h, replace} from './dom.js';
import * as signin from './views/signin.js';
import * as overview from './views/overview.js';
import * as jobs from './views/jobs.js';
import * as job from './views/job.js';
import * as types from './views/types.js';

const main = document.getElementById('main');
const nav = document.getElementById('nav');
const who = document.getElementById('who');
const banner = document.getElementById('banner');

let current = null; // the shown view's dispose function
let wanted = null; // the address asked for before signing in
let firstRender = true;
let generation = 0; // counts page changes

/** #/jobs/3f2b?x=1 → {parts: ['jobs', '3f2b'], params: URLSearchParams} */
function parseHash() {
  const hash = decodeURI(location.hash.replace(/^#\/?/, ''));
  const [path, search = ''] = hash.split('?');
  return {parts: path.split('/').filter(Boolean), params: new URLSearchParams(search)};
}

function pick({parts}) {
  switch (parts[0]) {
    case 'signin': return {view: signin, name: 'signin'};
    case 'jobs': return parts[1] ? {view: job, name: 'jobs', arg: parts[1]} : {view: jobs, name: 'jobs'};
    case 'types': return {view: types, name: 'types', arg: parts[1]};
    case 'overview': return {view: overview, name: 'overview'};
    default: return null;
  }
}

export function navigate(hash) {
  if (location.hash === hash) route();
  else location.hash = hash;
}

let bannerUntil = Infinity; // the page change after which the banner's message goes away
const warning = h('p', {class: 'warn'});
const message = h('p', {class: 'info'});
banner.append(warning, message);

/**
 * A message for the whole page, such as what was just done or why the session ended: it stays for the next page
 * (announce, then navigate) and goes at the one after. A warning ('warn') stays for good. Empty text clears it.
 */
export function announce(text, kind = 'info') {
  if (kind === 'warn') {
    warning.textContent = text;
    return;
  }
  bannerUntil = generation + 1;
  message.className = kind;
  message.textContent = text;
}

async function route() {
  const address = parseHash();
  let picked = pick(address);
  if (!picked) {
    navigate(session.current ? '#/overview' : '#/signin');
    return;
  }
  if (!session.current && picked.name !== 'signin') {
    wanted = location.hash;
    navigate('#/signin');
    return;
  }
  if (session.current && picked.name === 'signin') {
    navigate('#/overview');
    return;
  }
  current?.();
  current = null;
  showChrome();
  // each page renders into a container of its own: a page that finishes loading after the next one was asked for
  // fills a container no longer shown, and is disposed of at once
  generation += 1;
  const mine = generation;
  if (generation > bannerUntil) message.textContent = '';
  const container = h('div', {class: 'view'});
  replace(main, container);
  const ctx = {
    navigate,
    announce,
    params: address.params,
    arg: picked.arg,
    afterSignIn: () => {
      const next = wanted && !wanted.startsWith('#/signin') ? wanted : '#/overview';
      wanted = null;
      navigate(next);
    },
    setTitle: (title) => {
      if (mine === generation) document.title = `${title} · jobpool`;
    },
  };
  for (const link of nav.querySelectorAll('a[data-route]')) {
    if (link.dataset.route === picked.name) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  let dispose = null;
  try {
    dispose = await picked.view.render(container, ctx);
  } catch (e) {
    replace(container, h('h1', {}, 'Something went wrong'), h('p', {class: 'problem', role: 'alert'}, e.message));
  }
  if (mine !== generation) {
    if (typeof dispose === 'function') dispose();
    return;
  }
  current = typeof dispose === 'function' ? dispose : null;
  if (!firstRender) {
    // a page change moves focus to its heading, so a screen reader and the keyboard start there
    const heading = container.querySelector('h1');
    if (heading) {
      heading.setAttribute('tabindex', '-1');
      heading.focus({preventScroll: false});
    }
  }
  firstRender = false;
}

function showChrome() {
  const s = session.current;
  nav.hidden = !s;
  who.hidden = !s;
  if (!s) return;
  const principal = document.getElementById('principal');
  const signOutButton = document.getElementById('sign-out');
  if (s.securityEnabled === false) {
    replace(principal, h('span', {class: 'badge warn'}, 'security off'));
    signOutButton.hidden = true;
  } else {
    replace(principal, h('span', {class: 'tenant', title: `signed in as ${s.principal}`},
      s.principal ?? '', ' · ', h('strong', {}, s.tenant ?? '')));
    signOutButton.hidden = false;
  }
}

document.getElementById('sign-out').addEventListener('click', async () => {
  try {
    await signOut();
  } catch (e) {
    announce(e.message, 'problem');
    return;
  }
  current?.();
  current = null;
  announce('You are signed out.');
  navigate('#/signin');
});

session.onLost = () => {
  current?.();
  current = null;
  wanted = location.hash;
  announce('Your session has ended. Sign in again.', 'problem');
  navigate('#/signin');
};

window.addEventListener('hashchange', route);

async function start() {
  try {
    await loadSession();
  } catch (e) {
    replace(main, h('h1', {}, 'jobpool'), h('p', {class: 'problem', role: 'alert'}, e.message),
      h('button', {type: 'button', onclick: () => location.reload()}, 'Try again'));
    return;
  }
  if (session.current?.securityEnabled === false) {
    announce('Security is off on this service: anyone who reaches it can see and change every job.', 'warn');
  }
  route();
}

start();
