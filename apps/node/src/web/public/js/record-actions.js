// What data managers and shielding officers do to a record beyond reading it: correct it, appoint the lead
// professional, end an involvement, hand it over (data managers), shield and unshield (shielding officers).
// The API decides; these pages offer each role only what its routes allow.
import { api } from './api.js';
import { h, notice, replace, summaryList } from './dom.js';
import { busy, field, problemsOf, radios, showErrors, valueOf } from './forms.js';
import { date, dateTime, fullName, words } from './labels.js';
import { recordPath } from './record-edit.js';

/** Why a record is shielded (the API's SHIELDING_REASONS; /web/config has no list). */
export const SHIELDING_REASONS = [
  'risk-of-harm-from-known-person',
  'witness-protection',
  'other-court-order',
  'refuge-or-domestic-abuse',
  'other-serious-risk',
];

const MAINTAINERS = ['data-manager', 'shielding-officer'];

function link(path, text) {
  return h('a', { class: 'button', href: `#${path}` }, text);
}

/** The record page's "Manage this record" section for the roles that maintain records; null for others. */
export function manageSection(ctx, record, reason) {
  const { role } = ctx.session;
  if (!MAINTAINERS.includes(role) || record.movedOut) return null;
  const query = `?reason=${encodeURIComponent(reason)}`;
  const base = `/children/${record.id}`;
  const current = (record.involvements ?? []).filter((item) => item.current);
  return h(
    'section',
    { class: 'manage', 'aria-labelledby': 'manage-heading' },
    h('h2', { id: 'manage-heading' }, 'Manage this record'),
    role === 'shielding-officer' && record.shielding
      ? notice(
          'warn',
          `Shielded since ${dateTime(record.shielding.shieldedAt)}: ${words(record.shielding.reasonCode)}.`,
        )
      : null,
    h(
      'div',
      { class: 'actions' },
      link(`${base}/edit${query}`, 'Correct the record'),
      current.length ? link(`${base}/lead-professional${query}`, 'Set the lead professional') : null,
      role === 'data-manager' ? link(`/handovers/new/${record.id}${query}`, 'Hand over to another LA') : null,
      role === 'shielding-officer' && !record.shielded
        ? link(`${base}/shield${query}`, 'Shield this record')
        : null,
      role === 'shielding-officer' && record.shielded
        ? link(`${base}/unshield${query}`, 'Remove the shield')
        : null,
    ),
  );
}

/** Per-involvement links for maintainers: correcting any involvement held here, ending a current one. */
export function involvementManageLink(ctx, childId, reason, item) {
  if (!MAINTAINERS.includes(ctx.session.role) || !item.id || item.fromLa) return null;
  const query = `?reason=${encodeURIComponent(reason)}`;
  const base = `#/children/${childId}/involvements/${item.id}`;
  const who = () => h('span', { class: 'visually-hidden' }, ` (${item.practitionerName})`);
  return h(
    'p',
    { class: 'row-actions' },
    h('a', { href: `${base}/change${query}` }, 'Correct this involvement', who()),
    item.current ? h('a', { href: `${base}/end${query}` }, 'End this involvement', who()) : null,
  );
}

async function loadFull(ctx) {
  const { id } = ctx.params;
  const reason = ctx.query.reason ?? 'maintaining-the-record';
  const record = await api('GET', `/children/${id}`, { query: { reason } });
  return { id, reason, record };
}

/** A form page: heading, lede, error summary, the form; `send` runs the write and says where to go next. */
function formPage(ctx, { title, lede, controls, submitLabel, back, send, fieldIds }) {
  ctx.setTitle(title);
  const errors = h('div');
  const form = h(
    'form',
    { novalidate: true },
    ...controls,
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, submitLabel), back),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void busy(form, async () => {
      try {
        const problems = await send(form);
        if (problems?.length) showErrors(form, errors, problems, fieldIds);
      } catch (error) {
        showErrors(form, errors, problemsOf(error), fieldIds);
      }
    });
  });
  replace(ctx.main, h('h1', {}, title), lede ? h('p', { class: 'lede' }, lede) : null, errors, form);
}

export async function shieldPage(ctx) {
  const { id, reason, record } = await loadFull(ctx);
  formPage(ctx, {
    title: 'Shield this record',
    lede: `Shielding ${fullName(record.child)} hides everything but their name, gender and date of birth from everyone but the shielding team, here and in other LAs’ searches.`,
    controls: [
      field({
        id: 'reasonCode',
        label: 'Why is the record shielded?',
        hint: 'Your reason is recorded with the change.',
        options: [['', 'Choose a reason'], ...SHIELDING_REASONS.map((code) => [code, words(code)])],
      }),
    ],
    submitLabel: 'Shield the record',
    back: h('a', { href: `#${recordPath(id, reason)}` }, 'Cancel'),
    send: async (form) => {
      const reasonCode = valueOf(form, 'reasonCode');
      if (!reasonCode) return [{ field: 'reasonCode', message: 'Choose why the record is shielded' }];
      await api('POST', `/children/${id}/shield`, { body: { reasonCode } });
      ctx.navigate(recordPath(id, reason), 'The record is shielded.');
    },
  });
}

export async function unshieldPage(ctx) {
  const { id, reason, record } = await loadFull(ctx);
  formPage(ctx, {
    title: 'Remove the shield',
    lede: `Removing the shield shows ${fullName(record.child)}’s whole record again to practitioners here and to other LAs’ searches.`,
    controls: [
      record.shielding
        ? summaryList([
            ['Shielded since', dateTime(record.shielding.shieldedAt)],
            ['Reason', words(record.shielding.reasonCode)],
          ])
        : null,
      h(
        'fieldset',
        { class: 'field', 'data-field': 'confirm' },
        h('legend', {}, 'Confirm'),
        h('span', { class: 'field-error', id: 'confirm-error', hidden: true }),
        h(
          'div',
          { class: 'choice' },
          h('input', {
            type: 'checkbox',
            id: 'confirm',
            name: 'confirm',
            'aria-describedby': 'confirm-error',
          }),
          h('label', { for: 'confirm' }, 'The reason for shielding no longer applies'),
        ),
      ),
    ],
    submitLabel: 'Remove the shield',
    back: h('a', { href: `#${recordPath(id, reason)}` }, 'Cancel'),
    send: async (form) => {
      if (!form.elements.namedItem('confirm').checked)
        return [{ field: 'confirm', message: 'Confirm the reason for shielding no longer applies' }];
      await api('DELETE', `/children/${id}/shield`);
      ctx.navigate(recordPath(id, reason), 'The shield is removed.');
    },
  });
}

export async function leadProfessionalPage(ctx) {
  const { id, reason, record } = await loadFull(ctx);
  const current = (record.involvements ?? []).filter((item) => item.current);
  const lead = current.find((item) => item.isLeadProfessional);
  formPage(ctx, {
    title: 'Set the lead professional',
    lede: `The lead professional coordinates the services for ${fullName(record.child)}. Choose one of the practitioners currently involved.`,
    controls: [
      current.length
        ? radios({
            name: 'involvementId',
            legend: 'Lead professional',
            value: lead?.id,
            choices: current.map((item) => [
              item.id,
              `${item.practitionerName}, ${item.role}, ${item.organisation} (${words(item.serviceType)})`,
            ]),
          })
        : notice('warn', 'No practitioner is currently involved.'),
    ],
    submitLabel: 'Save the lead professional',
    back: h('a', { href: `#${recordPath(id, reason)}` }, 'Cancel'),
    send: async (form) => {
      const involvementId = form.querySelector('input[name="involvementId"]:checked')?.value;
      if (!involvementId) return [{ field: 'involvementId', message: 'Choose the lead professional' }];
      await api('PUT', `/children/${id}/lead-professional`, { body: { involvementId } });
      ctx.navigate(recordPath(id, reason), 'The lead professional is set.');
    },
  });
}

export async function endInvolvementPage(ctx) {
  const { id, reason, record } = await loadFull(ctx);
  const involvement = (record.involvements ?? []).find((item) => item.id === ctx.params.involvementId);
  if (!involvement || !involvement.current) {
    ctx.setTitle('End an involvement');
    replace(
      ctx.main,
      h('h1', {}, 'End an involvement'),
      notice('warn', 'This involvement is not a current one on the record.'),
      h('p', {}, h('a', { href: `#${recordPath(id, reason)}` }, 'Back to the record')),
    );
    return;
  }
  formPage(ctx, {
    title: 'End an involvement',
    lede: `${involvement.practitionerName}, ${words(involvement.serviceType)}, involved since ${date(involvement.startDate)}, for ${fullName(record.child)}.`,
    controls: [
      field({
        id: 'endDate',
        label: 'Date the involvement ended',
        type: 'date',
        value: new Date().toISOString().slice(0, 10),
      }),
    ],
    submitLabel: 'End the involvement',
    back: h('a', { href: `#${recordPath(id, reason)}` }, 'Cancel'),
    send: async (form) => {
      const endDate = valueOf(form, 'endDate');
      if (!endDate) return [{ field: 'endDate', message: 'Enter the date the involvement ended' }];
      await api('POST', `/children/${id}/involvements/${involvement.id}/end`, { body: { endDate } });
      ctx.navigate(recordPath(id, reason), 'The involvement is ended.');
    },
  });
}
