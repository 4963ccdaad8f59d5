// Registering your own involvement with a child (a data manager: anyone's), and setting your indicators on it.
import { api } from './api.js';
import { h, notice, replace } from './dom.js';
import { busy, checkbox, field, problemsOf, radios, showErrors, valueOf } from './forms.js';
import { fullName, words } from './labels.js';
import { ownInvolvements } from './record.js';

/** API field names -> the ids of the controls that hold them. */
const FIELD_IDS = {
  'contact.telephone': 'telephone',
  'contact.email': 'email',
  contact: 'telephone',
  'assessment.type': 'assessmentType',
  'assessment.date': 'assessmentDate',
  assessment: 'assessmentType',
  'consent.recordedOn': 'consentRecordedOn',
  consent: 'consentRecordedOn',
};

function today() {
  return new Date().toISOString().slice(0, 10);
}

function recordLink(childId, reason) {
  return `/children/${childId}?reason=${encodeURIComponent(reason ?? 'providing-a-service')}`;
}

function assessmentOptions(config) {
  return [['', 'None'], ...config.lists.assessmentTypes.map((type) => [type, words(type)])];
}

export async function newInvolvementPage(ctx) {
  const { config } = ctx;
  const { id } = ctx.params;
  // A practitioner registers their own involvement; a data manager or shielding officer registers another's.
  const own = ctx.session.role === 'practitioner';
  const title = own ? 'Register your involvement' : 'Register an involvement';
  ctx.setTitle(title);
  const sensitive = new Set(config.lists.sensitiveServiceTypes);
  const serviceOptions = [
    ['', 'Choose a service'],
    ...config.lists.serviceTypes.map((type) => [
      type,
      sensitive.has(type) ? `${words(type)} (needs recorded consent)` : words(type),
    ]),
  ];
  const errors = h('div');
  const form = h(
    'form',
    { novalidate: true },
    h(
      'fieldset',
      {},
      h('legend', {}, own ? 'You' : 'The practitioner'),
      field({
        id: 'practitionerName',
        label: own ? 'Your name' : 'Practitioner’s name',
        autocomplete: 'name',
      }),
      field({
        id: 'role',
        label: own ? 'Your role' : 'Their role',
        hint: 'For example, Health visitor',
        autocomplete: 'organization-title',
      }),
      field({ id: 'organisation', label: 'Organisation', autocomplete: 'organization' }),
      field({ id: 'telephone', label: 'Work telephone', type: 'tel', autocomplete: 'tel' }),
      field({ id: 'email', label: 'Work email', type: 'email', autocomplete: 'email' }),
    ),
    h(
      'fieldset',
      {},
      h('legend', {}, own ? 'Your involvement' : 'The involvement'),
      field({ id: 'serviceType', label: 'Service', options: serviceOptions }),
      field({ id: 'startDate', label: 'Involved since', type: 'date', value: today() }),
      field({
        id: 'consentRecordedOn',
        label: 'Date the young person’s consent was recorded',
        hint: 'Needed for sexual health, mental health and substance misuse services only.',
        type: 'date',
      }),
    ),
    h(
      'fieldset',
      {},
      h('legend', {}, own ? 'Your indicators' : 'Indicators'),
      checkbox({
        id: 'hasInformationToShare',
        label: 'I have information to share with other practitioners',
      }),
      field({
        id: 'assessmentType',
        label: 'Assessment you have undertaken',
        hint: 'Its type and date only, never its content.',
        options: assessmentOptions(config),
      }),
      field({ id: 'assessmentDate', label: 'Date of the assessment', type: 'date' }),
    ),
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'submit' }, 'Register involvement'),
      h('a', { href: `#${recordLink(id, ctx.query.reason)}` }, 'Cancel'),
    ),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void busy(form, () => submitInvolvement(ctx, form, errors));
  });
  replace(
    ctx.main,
    h('h1', {}, title),
    h(
      'p',
      { class: 'lede' },
      own
        ? 'Tell other practitioners you work with this child and how to reach you. There is no place for case notes.'
        : 'Record a practitioner who works with this child and how to reach them. There is no place for case notes.',
    ),
    errors,
    form,
  );
}

async function submitInvolvement(ctx, form, errors) {
  const { id } = ctx.params;
  const problems = [];
  for (const [name, message] of [
    ['practitionerName', 'Enter your name'],
    ['role', 'Enter your role'],
    ['organisation', 'Enter your organisation'],
    ['serviceType', 'Choose the service'],
    ['startDate', 'Enter the date you became involved'],
  ])
    if (!valueOf(form, name)) problems.push({ field: name, message });
  const assessmentType = valueOf(form, 'assessmentType');
  const assessmentDate = valueOf(form, 'assessmentDate');
  if (assessmentType && !assessmentDate)
    problems.push({ field: 'assessmentDate', message: 'Enter the date of the assessment' });
  if (!assessmentType && assessmentDate)
    problems.push({ field: 'assessmentType', message: 'Choose the type of assessment, or clear its date' });
  if (problems.length) return showErrors(form, errors, problems);
  const telephone = valueOf(form, 'telephone');
  const email = valueOf(form, 'email');
  const consentRecordedOn = valueOf(form, 'consentRecordedOn');
  const body = {
    practitionerName: valueOf(form, 'practitionerName'),
    role: valueOf(form, 'role'),
    organisation: valueOf(form, 'organisation'),
    serviceType: valueOf(form, 'serviceType'),
    contact: { ...(telephone ? { telephone } : {}), ...(email ? { email } : {}) },
    startDate: valueOf(form, 'startDate'),
    hasInformationToShare: form.elements.namedItem('hasInformationToShare').checked,
    ...(assessmentType ? { assessment: { type: assessmentType, date: assessmentDate } } : {}),
    ...(consentRecordedOn ? { consent: { recordedOn: consentRecordedOn } } : {}),
  };
  try {
    const written = await api('POST', `/children/${id}/involvements`, { body });
    ownInvolvements.add(written.involvementId);
    ctx.navigate(
      recordLink(id, ctx.query.reason),
      ctx.session.role === 'practitioner'
        ? 'Your involvement is registered.'
        : 'The involvement is registered.',
    );
  } catch (error) {
    showErrors(form, errors, problemsOf(error), FIELD_IDS);
  }
}

export async function indicatorsPage(ctx) {
  const { config } = ctx;
  const { id, involvementId } = ctx.params;
  const reason = ctx.query.reason ?? 'providing-a-service';
  ctx.setTitle('Set your indicators');
  const record = await api('GET', `/children/${id}`, { query: { reason } });
  const involvement = record.involvements?.find((item) => item.id === involvementId);
  if (!involvement) {
    replace(
      ctx.main,
      h('h1', {}, 'Set your indicators'),
      notice('warn', 'This involvement is not on the record.'),
      h('p', {}, h('a', { href: `#${recordLink(id, reason)}` }, 'Back to the record')),
    );
    return;
  }
  const errors = h('div');
  const form = h(
    'form',
    { novalidate: true },
    radios({
      name: 'hasInformationToShare',
      legend: 'Do you have information to share with other practitioners?',
      value: involvement.hasInformationToShare ? 'yes' : 'no',
      choices: [
        ['yes', 'Yes'],
        ['no', 'No'],
      ],
    }),
    field({
      id: 'assessmentType',
      label: 'Assessment you have undertaken',
      hint: 'Choose None to clear it.',
      options: assessmentOptions(config),
      value: involvement.assessment?.type ?? '',
    }),
    field({
      id: 'assessmentDate',
      label: 'Date of the assessment',
      type: 'date',
      value: involvement.assessment?.date ?? '',
    }),
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'submit' }, 'Save indicators'),
      h('a', { href: `#${recordLink(id, reason)}` }, 'Cancel'),
    ),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void busy(form, async () => {
      const type = valueOf(form, 'assessmentType');
      const date = valueOf(form, 'assessmentDate');
      if (type && !date)
        return showErrors(form, errors, [
          { field: 'assessmentDate', message: 'Enter the date of the assessment' },
        ]);
      const body = {
        hasInformationToShare:
          form.querySelector('input[name="hasInformationToShare"]:checked')?.value === 'yes',
        assessment: type ? { type, date } : null,
      };
      try {
        await api('PUT', `/children/${id}/involvements/${involvementId}/indicators`, { body });
        ctx.navigate(recordLink(id, reason), 'Your indicators are saved.');
      } catch (error) {
        showErrors(form, errors, problemsOf(error), FIELD_IDS);
      }
    });
  });
  replace(
    ctx.main,
    h('h1', {}, 'Set your indicators'),
    h(
      'p',
      { class: 'lede' },
      `${involvement.practitionerName}, ${words(involvement.serviceType)}, for ${fullName(record.child)}.`,
    ),
    errors,
    form,
  );
}
