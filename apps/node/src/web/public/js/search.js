// Search this LA, or this LA and the others, with a reason; the results name each match's LA, strength and shielding.
import { api } from './api.js';
import { h, notice, replace, table } from './dom.js';
import { busy, clearErrors, field, problemsOf, radios, showErrors, valueOf } from './forms.js';
import { date, fullName, laLabel, laName, noAnswer, strength, words } from './labels.js';

const CRITERIA = ['familyName', 'givenName', 'dateOfBirth', 'postcode', 'nhsNumber', 'upn', 'gender'];

/** The last search, kept in memory only (never in storage): the results page and the matches it links to. */
export const lastSearch = { values: {}, response: null, scope: 'federation', reason: '' };

export function reasonOptions(config) {
  return [['', 'Choose a reason'], ...config.lists.accessReasons.map((reason) => [reason, words(reason)])];
}

export async function searchPage(ctx) {
  ctx.setTitle('Find a child');
  const { config } = ctx;
  const values = lastSearch.values;
  const errors = h('div');
  const results = h('div', { 'aria-live': 'polite' });
  const form = h(
    'form',
    { novalidate: true, 'aria-describedby': 'search-rules' },
    field({
      id: 'reason',
      label: 'Why are you searching?',
      hint: 'Your reason is recorded with the search.',
      options: reasonOptions(config),
      value: lastSearch.reason,
    }),
    radios({
      name: 'scope',
      legend: 'Where to search',
      value: lastSearch.scope,
      choices: [
        ['federation', `${config.laName} and other local authorities`],
        ['local', `${config.laName} only`],
      ],
    }),
    h(
      'p',
      { id: 'search-rules', class: 'hint' },
      'Give an NHS number or a UPN, or a family name with a date of birth. A search of this LA only also accepts a family name with a given name or a postcode.',
    ),
    h(
      'div',
      { class: 'grid' },
      field({ id: 'familyName', label: 'Family name', value: values.familyName, autocomplete: 'off' }),
      field({ id: 'givenName', label: 'Given name', value: values.givenName, autocomplete: 'off' }),
      field({ id: 'dateOfBirth', label: 'Date of birth', type: 'date', value: values.dateOfBirth }),
      field({
        id: 'gender',
        label: 'Gender',
        options: [['', 'Any'], ...config.lists.genders.map((gender) => [gender, words(gender)])],
        value: values.gender,
      }),
      field({
        id: 'postcode',
        label: 'Postcode',
        value: values.postcode,
        autocomplete: 'off',
        className: 'short',
      }),
      field({
        id: 'nhsNumber',
        label: 'NHS number',
        hint: '10 digits',
        value: values.nhsNumber,
        inputmode: 'numeric',
        autocomplete: 'off',
      }),
      field({
        id: 'upn',
        label: 'Unique pupil number (UPN)',
        hint: '13 characters',
        value: values.upn,
        autocomplete: 'off',
      }),
    ),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Search')),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void busy(form, () => submit(ctx, form, errors, results));
  });
  replace(ctx.main, h('h1', {}, 'Find a child'), errors, form, results);
  if (lastSearch.response) renderResults(ctx, results);
}

async function submit(ctx, form, errors, results) {
  const reason = valueOf(form, 'reason');
  const scope = form.querySelector('input[name="scope"]:checked')?.value ?? 'federation';
  const criteria = Object.fromEntries(
    CRITERIA.map((name) => [name, valueOf(form, name)]).filter(([, value]) => value !== undefined),
  );
  if (!reason)
    return showErrors(form, errors, [{ field: 'reason', message: 'Choose why you are searching' }]);
  if (!Object.keys(criteria).length)
    return showErrors(form, errors, [
      { field: 'familyName', message: 'Enter what you know about the child' },
    ]);
  clearErrors(form, errors);
  replace(
    results,
    h(
      'p',
      { class: 'loading' },
      scope === 'federation' ? 'Searching this LA and asking the others…' : 'Searching…',
    ),
  );
  try {
    const response =
      scope === 'federation'
        ? await api('POST', '/federation/search', { body: { reason, ...criteria } })
        : await api('GET', '/search', { query: { reason, ...criteria } });
    Object.assign(lastSearch, { values: criteria, response, scope, reason });
    renderResults(ctx, results);
  } catch (error) {
    results.replaceChildren();
    showErrors(form, errors, problemsOf(error), { minimumCriteria: 'familyName' });
  }
}

function renderResults(ctx, host) {
  const { config } = ctx;
  const { response, reason, scope } = lastSearch;
  const rows = response.results.map((result, index) => {
    const otherLa = result.source === 'other-la';
    const href = otherLa
      ? `#/match/${index}`
      : `#/children/${result.id}?reason=${encodeURIComponent(reason)}`;
    return [
      h('a', { href }, fullName(result.child)),
      `${date(result.child.dateOfBirth)} (age ${result.child.age})`,
      words(result.child.gender),
      otherLa
        ? h('span', {}, laLabel(config, result.laCode), ' ', h('span', { class: 'tag other-la' }, 'Other LA'))
        : laLabel(config, result.laCode),
      strength(result.grade, result.score),
      result.shielded ? h('span', { class: 'tag shielded' }, 'Shielded') : 'No',
    ];
  });
  const count = response.results.length;
  replace(
    host,
    h(
      'h2',
      { id: 'results-heading' },
      count === 0 ? 'No matches' : `${count} ${count === 1 ? 'match' : 'matches'}`,
    ),
    federationNotice(config, response.federation, scope),
    response.capped
      ? notice('warn', 'More records matched than can be shown: add more details to narrow the search.')
      : null,
    count
      ? table(
          'Matches, best first',
          ['Name', 'Date of birth', 'Gender', 'Held by', 'Match strength', 'Shielded'],
          rows,
        )
      : h('p', {}, 'Check the details, or try fewer of them: names are matched allowing for typing errors.'),
  );
}

function federationNotice(config, federation, scope) {
  if (scope !== 'federation' || !federation) return null;
  if (!federation.reached)
    return notice('warn', `The hub could not be reached: these results are from ${config.laName} only.`);
  const asked = federation.routedTo.map((code) => laName(config, code));
  const lines = [asked.length ? `Asked: ${asked.join(', ')}.` : 'No other LA holds a possible match.'];
  if (federation.answered.length)
    lines.push(`Answered: ${federation.answered.map((code) => laName(config, code)).join(', ')}.`);
  const missing = federation.unanswered.map(
    (item) => `${laName(config, item.laCode)} ${noAnswer(item.reason)}`,
  );
  if (missing.length)
    return notice('warn', lines.join(' '), h('br'), `Results may be incomplete: ${missing.join('; ')}.`);
  return notice('', lines.join(' '));
}
