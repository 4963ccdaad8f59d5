// Auditors: the misuse review on a page. Flags name audit entries and users by id (another LA's user with
// their LA); each record links to its access history. Cross-boundary searches are counted on their own.
import { api } from './api.js';
import { h, replace, table } from './dom.js';
import { busy, field, problemsOf, showErrors, valueOf } from './forms.js';
import { date, laLabel, words } from './labels.js';

const RULES = {
  'views-per-day': 'More record views in a day than usual',
  'outside-working-hours': 'Access outside working hours',
  'shielded-record-view': 'Views of shielded records',
  'search-without-follow-up': 'Local searches that showed records never opened',
  'shared-surname': 'Views of a child with the same family name',
  'rate-limited': 'Stopped by the anti-trawl limits',
  'cross-boundary-per-day': 'More cross-boundary search results in a day than usual',
};

export async function misuseReportPage(ctx) {
  ctx.setTitle('Misuse report');
  const errors = h('div');
  const result = h('div', { 'aria-live': 'polite' });
  const from = ctx.query.from ?? new Date(Date.now() - 7 * 86_400_000).toISOString().slice(0, 10);
  const to = ctx.query.to ?? new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
  const form = h(
    'form',
    { novalidate: true },
    h(
      'fieldset',
      {},
      h('legend', {}, 'Period'),
      h(
        'div',
        { class: 'grid' },
        field({ id: 'misuse-from', label: 'From', type: 'date', value: from }),
        field({ id: 'misuse-to', label: 'Up to (not including)', type: 'date', value: to }),
      ),
    ),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Run the review')),
  );
  const ids = { from: 'misuse-from', to: 'misuse-to' };
  const run = () =>
    busy(form, async () => {
      const period = { from: valueOf(form, ids.from), to: valueOf(form, ids.to) };
      if (!period.from || !period.to)
        return showErrors(
          form,
          errors,
          [{ field: period.from ? 'to' : 'from', message: 'Enter both dates' }],
          ids,
        );
      try {
        const report = await api('GET', '/misuse/report', { query: period });
        errors.replaceChildren();
        replace(result, reportView(ctx, report));
      } catch (error) {
        showErrors(form, errors, problemsOf(error), ids);
      }
    });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void run();
  });
  replace(
    ctx.main,
    h('p', {}, h('a', { href: '#/audit/children' }, 'Who has looked at a child')),
    h('h1', {}, 'Misuse report'),
    h(
      'p',
      { class: 'lede' },
      'Patterns in the audit trail worth a look. A search of other LAs is not expected to be followed by a view (no record of another LA can be opened here), so it is counted on its own, by user and day, here and at the LA that answered.',
    ),
    errors,
    form,
    result,
  );
  await run();
}

function reportView(ctx, report) {
  const byRule = new Map();
  for (const flag of report.flags) byRule.set(flag.rule, [...(byRule.get(flag.rule) ?? []), flag]);
  return h(
    'div',
    {},
    h('h2', { id: 'misuse-period' }, `Review of ${date(report.from)} to ${date(report.to)}`),
    report.flags.length
      ? table(
          `${report.flags.length} flags`,
          ['Pattern', 'User', 'Entries', 'Day', 'Records'],
          report.flags.map((flag) => [
            RULES[flag.rule] ?? words(flag.rule),
            h(
              'span',
              {},
              h('code', {}, flag.userId),
              flag.la ? h('span', { class: 'hint' }, ` of ${laLabel(ctx.config, flag.la)}`) : null,
            ),
            String(flag.count),
            flag.day ? date(flag.day) : '',
            records(flag.childIds),
          ]),
        )
      : h('p', {}, 'Nothing flagged.'),
    h(
      'p',
      { class: 'hint' },
      [...byRule].map(([rule, flags]) => `${RULES[rule] ?? words(rule)}: ${flags.length}`).join('; '),
    ),
  );
}

function records(childIds) {
  if (!childIds.length) return 'None';
  return h(
    'ul',
    {},
    childIds.map((id) =>
      h(
        'li',
        {},
        h('a', { href: `#/audit/children/${id}`, title: `Who has looked at record ${id}` }, id.slice(0, 8)),
      ),
    ),
  );
}
