// Auditors: "who has looked at this child" (every view, search disclosure and cross-boundary disclosure,
// with each user's name, organisation and LA) and the subject access export (JSON, PDF), both audited.
import { api, currentSession } from './api.js';
import { h, notice, replace, table } from './dom.js';
import { busy, field, showErrors, valueOf } from './forms.js';
import { dateTime, laLabel, words } from './labels.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const KINDS = {
  view: 'Viewed the record',
  'search-disclosure': 'Found in a search here',
  'cross-boundary-disclosure': 'Found in a search from another LA',
  'record-change': 'Changed the record',
  'subject-access-export': 'Exported for subject access',
  refused: 'Was refused',
  other: 'Other',
};

/** The lookup: an auditor enters a record id (from a request, a record page or the misuse report). */
export async function accessLookupPage(ctx) {
  ctx.setTitle('Who has looked at a child');
  const errors = h('div');
  const form = h(
    'form',
    { novalidate: true },
    field({
      id: 'child-id',
      label: "The child's record id",
      hint: 'The 36-character id on the record, e.g. 3f2b8c1e-…',
      autocomplete: 'off',
    }),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Show who has looked')),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void busy(form, async () => {
      const id = valueOf(form, 'child-id').trim().toLowerCase();
      if (!UUID.test(id))
        return showErrors(
          form,
          errors,
          [{ field: 'child-id', message: 'Enter a record id: 36 letters, digits and hyphens' }],
          {
            'child-id': 'child-id',
          },
        );
      ctx.navigate(`/audit/children/${id}`);
    });
  });
  replace(
    ctx.main,
    h('h1', {}, 'Who has looked at a child'),
    h(
      'p',
      { class: 'lede' },
      "Every view of a child's record, every search that showed it (here or to another LA), and every change, with who, why and when.",
    ),
    errors,
    form,
    h('p', {}, h('a', { href: '#/audit/misuse' }, 'The misuse report')),
  );
}

/** One child's access history, with the subject access export. */
export async function accessHistoryPage(ctx) {
  const { id } = ctx.params;
  ctx.setTitle('Who has looked at this child');
  const history = await api('GET', `/access-history/children/${id}`);
  const status = h('div', { 'aria-live': 'polite' });
  replace(
    ctx.main,
    h('p', {}, h('a', { href: '#/audit/children' }, 'Look up another child')),
    h('h1', {}, 'Who has looked at this child'),
    h('p', { class: 'lede' }, 'Record ', h('code', {}, id), ` at ${laLabel(ctx.config, history.la.code)}.`),
    history.truncated
      ? notice(
          'warn',
          'Only the oldest entries are shown: the export holds the same. Ask your LA IT team for the rest.',
        )
      : null,
    summary(history.entries),
    history.entries.length
      ? table(
          `${history.entries.length} accesses, oldest first`,
          ['When', 'What', 'Who', 'Organisation', 'LA', 'Reason'],
          rows(ctx, history.entries),
        )
      : h('p', {}, 'Nobody has looked at this record.'),
    h('h2', { id: 'export-heading' }, 'Subject access export'),
    h(
      'p',
      {},
      "The child's record and all of the above, for a subject access request. The export is itself recorded in the audit trail. A shielded record is exported in its shielded view: the shielding team completes it.",
    ),
    h(
      'div',
      { class: 'actions' },
      exportButton(id, 'json', 'Export as JSON', status),
      exportButton(id, 'pdf', 'Export as PDF', status),
    ),
    status,
  );
}

function summary(entries) {
  const count = (kind) => entries.filter((entry) => entry.kind === kind).length;
  const otherLas = new Set(entries.filter((entry) => !entry.user.ofThisLa).map((entry) => entry.user.laCode));
  return h(
    'p',
    { id: 'access-summary' },
    `${count('view')} views, ${count('search-disclosure')} local search results, ` +
      `${count('cross-boundary-disclosure')} results given to other LAs (${otherLas.size} LAs).`,
  );
}

function rows(ctx, entries) {
  return entries.map((entry) => {
    const user = entry.user;
    const who = user.name ?? (user.role === 'anonymous' ? 'Not signed in' : 'Unknown user');
    return [
      h('time', { datetime: entry.occurredAt }, dateTime(entry.occurredAt)),
      entry.outcome === 'allowed'
        ? (KINDS[entry.kind] ?? words(entry.kind))
        : `${KINDS.refused}: ${words(entry.action)}`,
      h(
        'span',
        {},
        who,
        h('br'),
        h('span', { class: 'hint' }, `${words(user.role)} · user id `, h('code', {}, user.id)),
      ),
      user.organisation ?? 'Not known',
      user.ofThisLa ? `This LA (${user.laCode})` : laLabel(ctx.config, user.laCode),
      entry.reason ? words(entry.reason) : 'None given',
    ];
  });
}

function exportButton(id, format, label, status) {
  return h(
    'button',
    {
      type: 'button',
      class: format === 'pdf' ? 'secondary' : undefined,
      on: {
        click: async (event) => {
          const button = event.currentTarget;
          button.disabled = true;
          try {
            const name = await download(`/access-history/children/${id}/subject-access.${format}`);
            replace(status, notice('ok', `Exported as ${name}. The export is recorded in the audit trail.`));
          } catch (error) {
            replace(status, notice('warn', error.message));
          } finally {
            button.disabled = false;
          }
        },
      },
    },
    label,
  );
}

/** Fetches a file with the session's token and hands it to the browser as a download; returns its name. */
async function download(path) {
  const response = await fetch(`/api/v1${path}`, {
    headers: { authorization: `Bearer ${currentSession()?.accessToken ?? ''}` },
    cache: 'no-store',
  });
  if (!response.ok) throw new Error(`The export could not be made (${response.status}): try again`);
  const name = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? 'export';
  const url = URL.createObjectURL(await response.blob());
  const link = h('a', { href: url, download: name, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return name;
}
