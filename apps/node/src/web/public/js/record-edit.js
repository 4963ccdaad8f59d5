// Data managers create a child's record and correct one. A correction carries the version it read: if
// someone else changed the record meanwhile the API refuses it (409) and the page says so, offering a reload.
import { api } from './api.js';
import { h, notice, replace } from './dom.js';
import { busy, clearErrors, problemsOf, showErrors } from './forms.js';
import { fullName } from './labels.js';
import { readRecordForm, recordFieldIds, recordFieldsets } from './record-form.js';

/** Reads after a write state why: the record is being maintained. */
export const MAINTAINING = 'maintaining-the-record';

export function recordPath(id, reason = MAINTAINING) {
  return `/children/${id}?reason=${encodeURIComponent(reason)}`;
}

export async function newRecordPage(ctx) {
  ctx.setTitle('Create a record');
  const errors = h('div');
  const form = h(
    'form',
    { novalidate: true },
    ...recordFieldsets(ctx.config, null),
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'submit' }, 'Create the record'),
      h('a', { href: '#/search' }, 'Cancel'),
    ),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void busy(form, async () => {
      const { body, problems } = readRecordForm(form);
      if (problems.length) return showErrors(form, errors, problems);
      clearErrors(form, errors);
      try {
        const created = await api('POST', '/children', { body });
        ctx.navigate(recordPath(created.id), 'The record is created.');
      } catch (error) {
        const found = problemsOf(error);
        showErrors(form, errors, found, recordFieldIds(found));
      }
    });
  });
  replace(
    ctx.main,
    h('h1', {}, 'Create a record'),
    h(
      'p',
      { class: 'lede' },
      `A child’s basic details for ${ctx.config.laName}: who they are, where they live, their carers, school and GP. No case notes.`,
    ),
    errors,
    form,
  );
}

export async function correctRecordPage(ctx) {
  const { id } = ctx.params;
  const reason = ctx.query.reason ?? MAINTAINING;
  ctx.setTitle('Correct the record');
  const record = await api('GET', `/children/${id}`, { query: { reason } });
  if (!record.version || record.movedOut || (record.shielded && record.shieldingTeam)) {
    replace(
      ctx.main,
      h('h1', {}, 'Correct the record'),
      notice(
        'warn',
        record.movedOut
          ? 'This record has moved to another LA: it is corrected there now.'
          : 'This record is shielded: only the shielding team can correct it.',
      ),
      h('p', {}, h('a', { href: `#${recordPath(id, reason)}` }, 'Back to the record')),
    );
    return;
  }
  const errors = h('div');
  const form = h(
    'form',
    { novalidate: true },
    ...recordFieldsets(ctx.config, record),
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'submit' }, 'Save the corrections'),
      h('a', { href: `#${recordPath(id, reason)}` }, 'Cancel'),
    ),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void busy(form, async () => {
      const { body, problems } = readRecordForm(form);
      if (problems.length) return showErrors(form, errors, problems);
      clearErrors(form, errors);
      try {
        await api('PUT', `/children/${id}`, { body: { ...body, version: record.version } });
        ctx.navigate(recordPath(id, reason), 'The record is corrected.');
      } catch (error) {
        if (error.status === 409 && !error.problems.length) return staleNotice(ctx, errors, id, reason);
        const found = problemsOf(error);
        showErrors(form, errors, found, recordFieldIds(found));
      }
    });
  });
  replace(
    ctx.main,
    h('h1', {}, `Correct the record of ${fullName(record.child)}`),
    h(
      'p',
      { class: 'lede' },
      'Saving replaces the details, address, carers, school and GP with what this form holds. A changed address moves the old one into the address history. Practitioners are changed on the record page.',
    ),
    errors,
    form,
  );
}

/** The record changed since this page read it: nothing was saved; reloading shows the current record. */
function staleNotice(ctx, host, id, reason) {
  const heading = h('h2', { tabindex: '-1' }, 'This record was changed by someone else');
  replace(
    host,
    h(
      'div',
      { class: 'error-summary', role: 'alert' },
      heading,
      h(
        'p',
        {},
        'Your corrections were not saved: the record changed since you opened it. Reload it to see the current record, then make your corrections again.',
      ),
      h(
        'button',
        {
          type: 'button',
          on: { click: () => ctx.navigate(`/children/${id}/edit?reason=${encodeURIComponent(reason)}`) },
        },
        'Reload the record',
      ),
    ),
  );
  heading.focus();
}
