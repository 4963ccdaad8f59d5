// The web app's shell: start-up data, the session, routes (#/...) and the navigation.
import { api, clearSession, currentSession } from './api.js';
import { h, notice, replace } from './dom.js';
import { words } from './labels.js';
import { signInPage } from './sign-in.js';
import { searchPage } from './search.js';
import { recordPage, matchPage } from './record.js';
import { indicatorsPage, newInvolvementPage } from './involvement.js';
import { consolePage } from './console.js';
import { correctRecordPage, newRecordPage } from './record-edit.js';
import { endInvolvementPage, leadProfessionalPage, shieldPage, unshieldPage } from './record-actions.js';
import { endHandoverPage, handoversPage } from './handovers.js';
import { requestHandoverPage, startHandoverPage } from './handover-start.js';
import { passwordPage } from './password.js';
import { accessHistoryPage, accessLookupPage } from './access-history.js';
import { misuseReportPage } from './misuse-report.js';
import { changeInvolvementPage } from './involvement-change.js';

const PRACTITIONER_ROLES = ['practitioner', 'data-manager', 'shielding-officer'];
const CONSOLE_ROLES = ['node-administrator', 'auditor'];
const MAINTAINERS = ['data-manager', 'shielding-officer'];
const CHILD = '/children/([0-9a-f-]{36})';
const UUID = '([0-9a-f-]{36})';

const ROUTES = [
  { pattern: /^\/sign-in$/, page: signInPage, public: true },
  { pattern: /^\/search$/, page: searchPage, roles: PRACTITIONER_ROLES },
  { pattern: /^\/children\/([0-9a-f-]{36})$/, page: recordPage, roles: PRACTITIONER_ROLES, params: ['id'] },
  {
    pattern: /^\/children\/([0-9a-f-]{36})\/involvements\/new$/,
    page: newInvolvementPage,
    roles: PRACTITIONER_ROLES,
    params: ['id'],
  },
  {
    pattern: /^\/children\/([0-9a-f-]{36})\/involvements\/([0-9a-f-]{36})\/indicators$/,
    page: indicatorsPage,
    roles: PRACTITIONER_ROLES,
    params: ['id', 'involvementId'],
  },
  { pattern: /^\/match\/(\d+)$/, page: matchPage, roles: PRACTITIONER_ROLES, params: ['index'] },
  { pattern: /^\/console$/, page: consolePage, roles: CONSOLE_ROLES },
  { pattern: /^\/children\/new$/, page: newRecordPage, roles: ['data-manager'] },
  { pattern: new RegExp(`^${CHILD}/edit$`), page: correctRecordPage, roles: MAINTAINERS, params: ['id'] },
  {
    pattern: new RegExp(`^${CHILD}/lead-professional$`),
    page: leadProfessionalPage,
    roles: MAINTAINERS,
    params: ['id'],
  },
  {
    pattern: new RegExp(`^${CHILD}/involvements/${UUID}/end$`),
    page: endInvolvementPage,
    roles: MAINTAINERS,
    params: ['id', 'involvementId'],
  },
  {
    pattern: new RegExp(`^${CHILD}/involvements/${UUID}/change$`),
    page: changeInvolvementPage,
    roles: MAINTAINERS,
    params: ['id', 'involvementId'],
  },
  {
    pattern: new RegExp(`^${CHILD}/shield$`),
    page: shieldPage,
    roles: ['shielding-officer'],
    params: ['id'],
  },
  {
    pattern: new RegExp(`^${CHILD}/unshield$`),
    page: unshieldPage,
    roles: ['shielding-officer'],
    params: ['id'],
  },
  { pattern: /^\/handovers$/, page: handoversPage, roles: ['data-manager', 'node-administrator'] },
  {
    pattern: new RegExp(`^/handovers/new/${UUID}$`),
    page: startHandoverPage,
    roles: ['data-manager'],
    params: ['childId'],
  },
  {
    pattern: /^\/handovers\/request\/(\d+)$/,
    page: requestHandoverPage,
    roles: ['data-manager'],
    params: ['index'],
  },
  {
    pattern: new RegExp(`^/handovers/${UUID}/(refuse|cancel)$`),
    page: endHandoverPage,
    roles: ['data-manager'],
    params: ['id', 'action'],
  },
  { pattern: /^\/audit\/children$/, page: accessLookupPage, roles: ['auditor'] },
  { pattern: new RegExp(`^/audit${CHILD}$`), page: accessHistoryPage, roles: ['auditor'], params: ['id'] },
  { pattern: /^\/audit\/misuse$/, page: misuseReportPage, roles: ['auditor'] },
  { pattern: /^\/account\/password$/, page: passwordPage, roles: [...PRACTITIONER_ROLES, ...CONSOLE_ROLES] },
];

const main = document.getElementById('main');
const nav = document.getElementById('site-nav');
let config;
/** A message shown once on the next page (e.g. "Your involvement is registered"). */
let flash = null;

export function navigate(path, message) {
  if (message) flash = message;
  if (location.hash === `#${path}`) void render();
  else location.hash = path;
}

export function homeFor(role) {
  if (CONSOLE_ROLES.includes(role)) return '/console';
  return '/search';
}

function parseHash() {
  const raw = location.hash.startsWith('#/') ? location.hash.slice(1) : '';
  const [path, search = ''] = raw.split('?');
  return { path, query: Object.fromEntries(new URLSearchParams(search)) };
}

async function render() {
  const { path, query } = parseHash();
  const session = currentSession();
  const route = ROUTES.find((candidate) => candidate.pattern.test(path));
  if (!route) return navigate(session ? homeFor(session.role) : '/sign-in');
  if (!route.public && !session) return navigate('/sign-in');
  if (route.public && session) return navigate(homeFor(session.role));
  if (route.roles && !route.roles.includes(session.role)) return navigate(homeFor(session.role));
  const match = route.pattern.exec(path);
  const params = Object.fromEntries((route.params ?? []).map((name, index) => [name, match[index + 1]]));
  renderNav(session, path);
  const message = flash;
  flash = null;
  replace(main, h('p', { class: 'loading', role: 'status' }, 'Loading…'));
  const content = h('div');
  try {
    const home = homeFor(session?.role);
    await route.page({ main: content, config, params, query, session, navigate, setTitle, home });
  } catch (error) {
    replace(content, h('h1', {}, 'Something went wrong'), notice('warn', error.message ?? String(error)));
  }
  replace(main, message ? notice('ok', message) : null, content);
  main.focus();
}

function setTitle(title) {
  document.title = `${title} – ContactPoint ${config.laName}`;
}

function renderNav(session, path) {
  if (!session) {
    nav.hidden = true;
    nav.replaceChildren();
    return;
  }
  const link = (href, text) =>
    h('li', {}, h('a', { href: `#${href}`, 'aria-current': path === href ? 'page' : undefined }, text));
  replace(
    nav,
    h(
      'ul',
      {},
      PRACTITIONER_ROLES.includes(session.role) ? link('/search', 'Search') : null,
      session.role === 'data-manager' ? link('/children/new', 'Create a record') : null,
      ['data-manager', 'node-administrator'].includes(session.role) ? link('/handovers', 'Handovers') : null,
      CONSOLE_ROLES.includes(session.role) ? link('/console', 'LA IT console') : null,
      session.role === 'auditor' ? link('/audit/children', 'Who has looked') : null,
      link('/account/password', 'Change password'),
      h('li', { class: 'who' }, `Signed in as ${session.username ?? 'you'} (${words(session.role)})`),
      h('li', {}, h('button', { type: 'button', class: 'link', on: { click: signOut } }, 'Sign out')),
    ),
  );
  nav.hidden = false;
}

async function signOut() {
  try {
    await api('POST', '/auth/sign-out');
  } catch {
    // The session is forgotten here whatever the node answered.
  }
  clearSession();
  navigate('/sign-in', 'You have signed out.');
}

async function start() {
  document.querySelector('.skip-link').addEventListener('click', (event) => {
    event.preventDefault();
    main.focus();
  });
  try {
    config = await api('GET', '/web/config');
  } catch (error) {
    replace(main, h('h1', {}, 'ContactPoint is not available'), notice('warn', error.message));
    return;
  }
  document.getElementById('la-name').textContent = config.laName;
  window.addEventListener('hashchange', () => void render());
  window.addEventListener('cp:signed-out', (event) => navigate('/sign-in', event.detail));
  await render();
}

void start();
