// The child's record as a form (details, address, carers with contacts, school or setting, GP) for data
// managers creating or correcting a record. Every control's id is the API's field path (e.g.
// "carers.0.contact.telephone"), so a 400 naming a field is shown beside that field.
import { h, replace } from './dom.js';
import { checkbox, field } from './forms.js';
import { words } from './labels.js';

/** The carer relationships the API accepts (@cp/record-model CARER_RELATIONSHIPS; /web/config has no list). */
export const CARER_RELATIONSHIPS = [
  'mother',
  'father',
  'step-parent',
  'grandparent',
  'other-relative',
  'foster-carer',
  'guardian',
  'other',
];

const MAX_CARERS = 10;

/** The fieldsets of the record form, filled from `record` (a record view) when correcting one. */
export function recordFieldsets(config, record) {
  const child = record?.child ?? {};
  const address = record?.address ?? {};
  const carersHost = h('div', { class: 'carers' });
  const carers = (record?.carers ?? []).map((carer) => ({ ...carer, contact: { ...carer.contact } }));
  const addButton = h('button', { type: 'button', class: 'secondary' }, 'Add a carer');
  const redraw = (focusId) => {
    replace(
      carersHost,
      carers.length ? null : h('p', { class: 'hint' }, 'No carers recorded.'),
      carers.map((carer, index) => carerFieldset(carer, index, () => removeCarer(index))),
    );
    addButton.hidden = carers.length >= MAX_CARERS;
    if (focusId) document.getElementById(focusId)?.focus();
  };
  const keepTyped = () => {
    const typed = readCarers(carersHost);
    carers.splice(0, carers.length, ...typed);
  };
  const removeCarer = (index) => {
    keepTyped();
    carers.splice(index, 1);
    redraw();
    addButton.focus();
  };
  addButton.addEventListener('click', () => {
    keepTyped();
    carers.push({ name: '', relationship: '', hasParentalResponsibility: false, contact: {} });
    redraw(`carers.${carers.length - 1}.name`);
  });
  redraw();
  return [
    h(
      'fieldset',
      {},
      h('legend', {}, 'The child'),
      h(
        'div',
        { class: 'grid' },
        field({ id: 'givenName', label: 'Given name', value: child.givenName, autocomplete: 'off' }),
        field({ id: 'familyName', label: 'Family name', value: child.familyName, autocomplete: 'off' }),
      ),
      field({
        id: 'otherNames',
        label: 'Other names (optional)',
        hint: 'Names the child is also known by, separated by commas.',
        value: (child.otherNames ?? []).join(', '),
        autocomplete: 'off',
      }),
      h(
        'div',
        { class: 'grid' },
        field({ id: 'dateOfBirth', label: 'Date of birth', type: 'date', value: child.dateOfBirth }),
        field({
          id: 'gender',
          label: 'Gender',
          options: [['', 'Choose'], ...config.lists.genders.map((gender) => [gender, words(gender)])],
          value: child.gender,
        }),
        field({
          id: 'nhsNumber',
          label: 'NHS number (optional)',
          hint: '10 digits',
          value: child.nhsNumber,
          inputmode: 'numeric',
          autocomplete: 'off',
        }),
        field({
          id: 'upn',
          label: 'Unique pupil number (optional)',
          hint: '13 characters',
          value: child.upn,
          autocomplete: 'off',
        }),
      ),
    ),
    h(
      'fieldset',
      {},
      h('legend', {}, 'Address'),
      field({ id: 'address.line1', label: 'Address line 1', value: address.line1, autocomplete: 'off' }),
      field({
        id: 'address.line2',
        label: 'Address line 2 (optional)',
        value: address.line2,
        autocomplete: 'off',
      }),
      h(
        'div',
        { class: 'grid' },
        field({ id: 'address.town', label: 'Town or city', value: address.town, autocomplete: 'off' }),
        field({
          id: 'address.postcode',
          label: 'Postcode',
          value: address.postcode,
          autocomplete: 'off',
          className: 'short',
        }),
      ),
    ),
    h('fieldset', {}, h('legend', {}, 'Carers'), carersHost, h('div', { class: 'actions' }, addButton)),
    organisationFieldset('educationalSetting', 'School or setting', record?.educationalSetting, {
      id: 'urn',
      label: 'URN (optional)',
      hint: 'The school’s unique reference number, 6 digits',
      none: 'school or setting',
    }),
    organisationFieldset('gpPractice', 'GP practice', record?.gpPractice, {
      id: 'odsCode',
      label: 'ODS code (optional)',
      hint: 'For example A81001',
      none: 'GP practice',
    }),
  ];
}

function carerFieldset(carer, index, remove) {
  const id = (name) => `carers.${index}.${name}`;
  const number = index + 1;
  return h(
    'fieldset',
    { class: 'carer', 'data-carer': String(index) },
    h('legend', {}, `Carer ${number}`),
    h(
      'div',
      { class: 'grid' },
      field({ id: id('name'), label: 'Name', value: carer.name, autocomplete: 'off' }),
      field({
        id: id('relationship'),
        label: 'Relationship to the child',
        options: [['', 'Choose'], ...CARER_RELATIONSHIPS.map((code) => [code, words(code)])],
        value: carer.relationship,
      }),
      field({
        id: id('contact.telephone'),
        label: 'Telephone (optional)',
        type: 'tel',
        value: carer.contact?.telephone,
        autocomplete: 'off',
      }),
      field({
        id: id('contact.email'),
        label: 'Email (optional)',
        type: 'email',
        value: carer.contact?.email,
        autocomplete: 'off',
      }),
    ),
    checkbox({
      id: id('hasParentalResponsibility'),
      label: 'Has parental responsibility',
      checked: carer.hasParentalResponsibility,
    }),
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'button', class: 'secondary', on: { click: remove } }, `Remove carer ${number}`),
    ),
  );
}

function organisationFieldset(prefix, legend, value, code) {
  const contact = value?.contact ?? {};
  return h(
    'fieldset',
    {},
    h('legend', {}, legend),
    h('p', { class: 'hint' }, `Leave these fields empty if no ${code.none} is known.`),
    h(
      'div',
      { class: 'grid' },
      field({ id: `${prefix}.name`, label: 'Name', value: value?.name, autocomplete: 'off' }),
      field({
        id: `${prefix}.${code.id}`,
        label: code.label,
        hint: code.hint,
        value: value?.[code.id],
        autocomplete: 'off',
      }),
      field({
        id: `${prefix}.contact.telephone`,
        label: 'Telephone (optional)',
        type: 'tel',
        value: contact.telephone,
        autocomplete: 'off',
      }),
      field({
        id: `${prefix}.contact.email`,
        label: 'Email (optional)',
        type: 'email',
        value: contact.email,
        autocomplete: 'off',
      }),
    ),
  );
}

function text(root, id) {
  const control = root.querySelector(`[id="${CSS.escape(id)}"]`);
  const value = typeof control?.value === 'string' ? control.value.trim() : '';
  return value === '' ? undefined : value;
}

function contactOf(root, prefix) {
  const telephone = text(root, `${prefix}.contact.telephone`);
  const email = text(root, `${prefix}.contact.email`);
  return { ...(telephone ? { telephone } : {}), ...(email ? { email } : {}) };
}

function readCarers(root) {
  return [...root.querySelectorAll('[data-carer]')].map((_, index) => ({
    name: text(root, `carers.${index}.name`) ?? '',
    relationship: text(root, `carers.${index}.relationship`) ?? '',
    hasParentalResponsibility:
      root.querySelector(`[id="carers.${index}.hasParentalResponsibility"]`)?.checked ?? false,
    contact: contactOf(root, `carers.${index}`),
  }));
}

function organisationOf(form, prefix, codeName) {
  const name = text(form, `${prefix}.name`);
  const code = text(form, `${prefix}.${codeName}`);
  const contact = contactOf(form, prefix);
  if (!name && !code && !Object.keys(contact).length) return { value: undefined, problems: [] };
  if (!name)
    return {
      value: undefined,
      problems: [{ field: `${prefix}.name`, message: 'Enter its name, or clear its other details' }],
    };
  return { value: { name, ...(code ? { [codeName]: code } : {}), contact }, problems: [] };
}

/** The API body the form describes (without version), and the problems found before sending it. */
export function readRecordForm(form) {
  const problems = [];
  const required = [
    ['givenName', 'Enter the child’s given name'],
    ['familyName', 'Enter the child’s family name'],
    ['dateOfBirth', 'Enter the child’s date of birth'],
    ['gender', 'Choose the child’s gender'],
    ['address.line1', 'Enter the first line of the address'],
    ['address.town', 'Enter the town or city'],
    ['address.postcode', 'Enter the postcode'],
  ];
  for (const [id, message] of required) if (!text(form, id)) problems.push({ field: id, message });
  const carers = readCarers(form);
  carers.forEach((carer, index) => {
    if (!carer.name)
      problems.push({ field: `carers.${index}.name`, message: `Enter carer ${index + 1}’s name` });
    if (!carer.relationship)
      problems.push({
        field: `carers.${index}.relationship`,
        message: `Choose carer ${index + 1}’s relationship to the child`,
      });
  });
  const setting = organisationOf(form, 'educationalSetting', 'urn');
  const gp = organisationOf(form, 'gpPractice', 'odsCode');
  problems.push(...setting.problems, ...gp.problems);
  const otherNames = (text(form, 'otherNames') ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  const line2 = text(form, 'address.line2');
  const body = {
    givenName: text(form, 'givenName'),
    familyName: text(form, 'familyName'),
    ...(otherNames.length ? { otherNames } : {}),
    dateOfBirth: text(form, 'dateOfBirth'),
    gender: text(form, 'gender'),
    ...(text(form, 'nhsNumber') ? { nhsNumber: text(form, 'nhsNumber') } : {}),
    ...(text(form, 'upn') ? { upn: text(form, 'upn') } : {}),
    address: {
      line1: text(form, 'address.line1'),
      ...(line2 ? { line2 } : {}),
      town: text(form, 'address.town'),
      postcode: text(form, 'address.postcode'),
    },
    carers,
    ...(setting.value ? { educationalSetting: setting.value } : {}),
    ...(gp.value ? { gpPractice: gp.value } : {}),
  };
  return { body, problems };
}

/** Problems the API names by a whole object ("carers.0.contact") are shown at its first control. */
export function recordFieldIds(problems) {
  const ids = {};
  for (const problem of problems) {
    const name = problem.field ?? '';
    if (/\.contact$/.test(name)) ids[name] = `${name}.telephone`;
    if (name === 'address') ids[name] = 'address.line1';
    if (name === 'educationalSetting' || name === 'gpPractice') ids[name] = `${name}.name`;
  }
  return ids;
}
