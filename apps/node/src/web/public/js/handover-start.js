// Starting a handover: this LA's data manager hands a record to the LA the child moved to, or asks another
// LA for a record its search found there, having confirmed it is the same child.
import { api } from './api.js';
import { h, notice, replace, summaryList } from './dom.js';
import { busy, checkbox, field, problemsOf, showErrors, valueOf } from './forms.js';
import { date, fullName, laLabel, strength, words } from './labels.js';
import { recordPath } from './record-edit.js';
import { lastSearch } from './search.js';

/** Why a child's record moves (the API's HANDOVER_REASONS; /web/config has no list). */
export const HANDOVER_REASONS = [
  'family-moved',
  'placed-in-other-area',
  'moved-to-live-with-relative',
  'moved-to-other-carer',
];

function reasonField() {
  return field({
    id: 'reasonCode',
    label: 'Why is the record moving?',
    hint: 'Your reason is recorded and sent to the other LA.',
    options: [['', 'Choose a reason'], ...HANDOVER_REASONS.map((code) => [code, words(code)])],
  });
}

function otherLaOptions(config) {
  return [
    ['', 'Choose the LA'],
    ...Object.entries(config.laNames ?? {})
      .filter(([code]) => code !== config.laCode)
      .sort(([, a], [, b]) => a.localeCompare(b))
      .map(([code, name]) => [code, `${name} (${code})`]),
  ];
}

function wire(form, errors, send) {
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void busy(form, async () => {
      try {
        const problems = await send();
        if (problems?.length) showErrors(form, errors, problems);
      } catch (error) {
        showErrors(form, errors, problemsOf(error));
      }
    });
  });
}

export async function startHandoverPage(ctx) {
  const { childId } = ctx.params;
  const reason = ctx.query.reason ?? 'maintaining-the-record';
  ctx.setTitle('Hand over to another LA');
  const record = await api('GET', `/children/${childId}`, { query: { reason } });
  const errors = h('div');
  const form = h(
    'form',
    { novalidate: true },
    field({
      id: 'toLaCode',
      label: 'The LA the child moved to',
      options: otherLaOptions(ctx.config),
    }),
    reasonField(),
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'submit' }, 'Start the handover'),
      h('a', { href: `#${recordPath(childId, reason)}` }, 'Cancel'),
    ),
  );
  wire(form, errors, async () => {
    const toLaCode = valueOf(form, 'toLaCode');
    const reasonCode = valueOf(form, 'reasonCode');
    const problems = [];
    if (!toLaCode) problems.push({ field: 'toLaCode', message: 'Choose the LA the child moved to' });
    if (!reasonCode) problems.push({ field: 'reasonCode', message: 'Choose why the record is moving' });
    if (problems.length) return problems;
    await api('POST', '/handovers', { body: { childId, toLaCode, reasonCode } });
    ctx.navigate('/handovers', `The handover to ${laLabel(ctx.config, toLaCode)} is started.`);
  });
  replace(
    ctx.main,
    h('h1', {}, 'Hand over to another LA'),
    h(
      'p',
      { class: 'lede' },
      `The record of ${fullName(record.child)} (born ${date(record.child.dateOfBirth)}) goes to the LA the child now lives in once it accepts. Until the handover ends, the record cannot be changed here.`,
    ),
    errors,
    form,
  );
}

/** Asks the LA holding a match from the last search to hand its record over to this LA. */
export async function requestHandoverPage(ctx) {
  const match = lastSearch.response?.results?.[Number(ctx.params.index)];
  ctx.setTitle('Ask for this record');
  if (!match || match.source !== 'other-la') {
    replace(
      ctx.main,
      h('h1', {}, 'Ask for this record'),
      notice('warn', 'Matches from other LAs are not kept after you leave the search: search again.'),
      h('p', {}, h('a', { href: '#/search' }, 'Back to search')),
    );
    return;
  }
  const heldBy = laLabel(ctx.config, match.laCode);
  const errors = h('div');
  const form = h(
    'form',
    { novalidate: true },
    reasonField(),
    checkbox({
      id: 'sameChildConfirmed',
      label: `I have confirmed this is the same child as the one now living in ${ctx.config.laName}`,
    }),
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'submit' }, 'Ask for the record'),
      h('a', { href: `#/match/${ctx.params.index}` }, 'Cancel'),
    ),
  );
  wire(form, errors, async () => {
    const reasonCode = valueOf(form, 'reasonCode');
    const problems = [];
    if (!reasonCode) problems.push({ field: 'reasonCode', message: 'Choose why the record is moving' });
    if (!form.elements.namedItem('sameChildConfirmed').checked)
      problems.push({ field: 'sameChildConfirmed', message: 'Confirm it is the same child first' });
    if (problems.length) return problems;
    await api('POST', '/handovers/requests', {
      body: { childId: match.id, fromLaCode: match.laCode, reasonCode, sameChildConfirmed: true },
    });
    ctx.navigate('/handovers', `${heldBy} is asked for the record.`);
  });
  replace(
    ctx.main,
    h('h1', {}, 'Ask for this record'),
    h('p', { class: 'lede' }, `Ask ${heldBy} to hand this record over to ${ctx.config.laName}.`),
    summaryList([
      ['Name', fullName(match.child)],
      ['Date of birth', date(match.child.dateOfBirth)],
      ['Gender', words(match.child.gender)],
      ['Held by', heldBy],
      ['Match strength', strength(match.grade, match.score)],
    ]),
    errors,
    form,
  );
}
