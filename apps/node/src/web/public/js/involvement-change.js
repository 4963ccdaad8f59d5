// Data managers and shielding officers correct an involvement's details: the practitioner, their contact
// details, the service and its start. Indicators stay with the practitioner's own page; ending has its own.
import { api } from './api.js';
import { h, notice, replace } from './dom.js';
import { busy, field, problemsOf, showErrors, valueOf } from './forms.js';
import { fullName, words } from './labels.js';
import { recordPath } from './record-edit.js';

const FIELD_IDS = {
  'contact.telephone': 'telephone',
  'contact.email': 'email',
  contact: 'telephone',
  'consent.recordedOn': 'consentRecordedOn',
  consent: 'consentRecordedOn',
  body: 'practitionerName',
};

export async function changeInvolvementPage(ctx) {
  const { id, involvementId } = ctx.params;
  const reason = ctx.query.reason ?? 'maintaining-the-record';
  const title = 'Correct an involvement';
  ctx.setTitle(title);
  const record = await api('GET', `/children/${id}`, { query: { reason } });
  const item = (record.involvements ?? []).find((involvement) => involvement.id === involvementId);
  const back = h('a', { href: `#${recordPath(id, reason)}` }, 'Cancel');
  if (!item || item.fromLa) {
    replace(
      ctx.main,
      h('h1', {}, title),
      notice('warn', 'This involvement is not one this LA can correct.'),
      h('p', {}, back),
    );
    return;
  }
  const sensitive = new Set(ctx.config.lists.sensitiveServiceTypes);
  const errors = h('div');
  const form = h(
    'form',
    { novalidate: true },
    h(
      'fieldset',
      {},
      h('legend', {}, 'The practitioner'),
      field({ id: 'practitionerName', label: 'Practitioner’s name', value: item.practitionerName }),
      field({ id: 'role', label: 'Their role', value: item.role }),
      field({ id: 'organisation', label: 'Organisation', value: item.organisation }),
      field({ id: 'telephone', label: 'Work telephone', type: 'tel', value: item.contact?.telephone }),
      field({ id: 'email', label: 'Work email', type: 'email', value: item.contact?.email }),
    ),
    h(
      'fieldset',
      {},
      h('legend', {}, 'The involvement'),
      field({
        id: 'serviceType',
        label: 'Service',
        value: item.serviceType,
        options: ctx.config.lists.serviceTypes.map((type) => [
          type,
          sensitive.has(type) ? `${words(type)} (needs recorded consent)` : words(type),
        ]),
      }),
      field({ id: 'startDate', label: 'Involved since', type: 'date', value: item.startDate }),
      field({
        id: 'consentRecordedOn',
        label: 'Date the young person’s consent was recorded',
        hint: 'Needed for sexual health, mental health and substance misuse services only.',
        type: 'date',
        value: item.consent?.recordedOn,
      }),
    ),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Save the involvement'), back),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void busy(form, async () => {
      const problems = [];
      for (const [name, message] of [
        ['practitionerName', 'Enter the practitioner’s name'],
        ['role', 'Enter their role'],
        ['organisation', 'Enter their organisation'],
        ['startDate', 'Enter the date they became involved'],
      ])
        if (!valueOf(form, name)) problems.push({ field: name, message });
      if (problems.length) return showErrors(form, errors, problems);
      const telephone = valueOf(form, 'telephone');
      const email = valueOf(form, 'email');
      const consentRecordedOn = valueOf(form, 'consentRecordedOn');
      const body = {
        practitionerName: valueOf(form, 'practitionerName'),
        role: valueOf(form, 'role'),
        organisation: valueOf(form, 'organisation'),
        serviceType: valueOf(form, 'serviceType'),
        startDate: valueOf(form, 'startDate'),
        contact: { ...(telephone ? { telephone } : {}), ...(email ? { email } : {}) },
        ...(consentRecordedOn ? { consent: { recordedOn: consentRecordedOn } } : {}),
      };
      try {
        await api('PATCH', `/children/${id}/involvements/${involvementId}`, { body });
        ctx.navigate(recordPath(id, reason), 'The involvement is corrected.');
      } catch (error) {
        showErrors(form, errors, problemsOf(error), FIELD_IDS);
      }
    });
  });
  replace(
    ctx.main,
    h('h1', {}, title),
    h('p', { class: 'lede' }, `${item.practitionerName}, for ${fullName(record.child)}.`),
    errors,
    form,
  );
}
