import { h } from './dom.js';

/** A labelled input with its hint and an empty error line, linked by aria-describedby. */
export function field({
  id,
  label,
  type = 'text',
  hint,
  value,
  required,
  autocomplete,
  inputmode,
  className,
  options,
}) {
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = `${id}-error`;
  const control = options
    ? h(
        'select',
        { id, name: id, required, 'aria-describedby': [hintId, errorId].filter(Boolean).join(' ') },
        options.map(([optionValue, text]) =>
          h('option', { value: optionValue, selected: optionValue === (value ?? '') }, text),
        ),
      )
    : h('input', {
        id,
        name: id,
        type,
        value: value ?? '',
        required,
        autocomplete,
        inputmode,
        class: className,
        spellcheck: type === 'text' ? 'false' : undefined,
        'aria-describedby': [hintId, errorId].filter(Boolean).join(' '),
      });
  return h(
    'div',
    { class: 'field', 'data-field': id },
    h('label', { for: id }, label),
    hint ? h('span', { class: 'hint', id: hintId }, hint) : null,
    h('span', { class: 'field-error', id: errorId, hidden: true }),
    control,
  );
}

/** A checkbox with its label after it, and an empty error line. */
export function checkbox({ id, label, checked }) {
  return h(
    'div',
    { class: 'field', 'data-field': id },
    h('span', { class: 'field-error', id: `${id}-error`, hidden: true }),
    h(
      'div',
      { class: 'choice' },
      h('input', { type: 'checkbox', id, name: id, checked, 'aria-describedby': `${id}-error` }),
      h('label', { for: id }, label),
    ),
  );
}

/** A group of radio buttons in a fieldset with a legend. */
export function radios({ name, legend, choices, value }) {
  return h(
    'fieldset',
    { class: 'field', 'data-field': name },
    h('legend', {}, legend),
    h('span', { class: 'field-error', id: `${name}-error`, hidden: true }),
    choices.map(([choice, text]) =>
      h(
        'div',
        { class: 'choice' },
        h('input', {
          type: 'radio',
          id: `${name}-${choice}`,
          name,
          value: choice,
          checked: choice === value,
        }),
        h('label', { for: `${name}-${choice}` }, text),
      ),
    ),
  );
}

/** The trimmed value of a form's control, or undefined when empty. */
export function valueOf(form, name) {
  const control = form.elements.namedItem(name);
  if (!control) return undefined;
  const value = typeof control.value === 'string' ? control.value.trim() : '';
  return value === '' ? undefined : value;
}

/** Clears the errors a form shows. */
export function clearErrors(form, summaryHost) {
  summaryHost.replaceChildren();
  for (const wrapper of form.querySelectorAll('.field.has-error')) wrapper.classList.remove('has-error');
  for (const line of form.querySelectorAll('.field-error')) {
    line.textContent = '';
    line.hidden = true;
  }
  for (const control of form.querySelectorAll('[aria-invalid]')) control.removeAttribute('aria-invalid');
}

/**
 * Shows problems next to the fields they name and in a summary at the top, whose links move focus to the
 * field. `fieldIds` maps an API field name (e.g. "contact.telephone") to a control id; problems naming no
 * field on the form are listed in the summary only.
 */
export function showErrors(form, summaryHost, problems, fieldIds = {}) {
  clearErrors(form, summaryHost);
  const items = [];
  for (const problem of problems) {
    const id =
      fieldIds[problem.field] ??
      (problem.field && form.querySelector(`[data-field="${CSS.escape(problem.field)}"]`)
        ? problem.field
        : undefined);
    const wrapper = id ? form.querySelector(`[data-field="${CSS.escape(id)}"]`) : null;
    if (wrapper) {
      wrapper.classList.add('has-error');
      const line = wrapper.querySelector('.field-error');
      const { message, summary } = plainMessage(form, wrapper, problem);
      line.hidden = false;
      line.textContent = line.textContent ? `${line.textContent} ${message}` : message;
      const control = wrapper.querySelector('input, select');
      if (control) control.setAttribute('aria-invalid', 'true');
      const target = control?.id ?? id;
      items.push(
        h(
          'li',
          {},
          h('a', { href: `#${target}`, on: { click: (event) => focusField(event, target) } }, summary),
        ),
      );
    } else {
      items.push(h('li', {}, problem.message));
    }
  }
  const summary = h(
    'div',
    { class: 'error-summary', role: 'alert', tabindex: '-1' },
    h('h2', {}, 'There is a problem'),
    h('ul', {}, items),
  );
  summaryHost.replaceChildren(summary);
  summary.focus();
}

function labelText(element) {
  return (element?.textContent ?? '').replace(/\s*\(optional\)\s*$/, '').trim();
}

/**
 * The API names fields by path ("carers.0.contact.telephone must be …"): shown with the field's label
 * instead ("Telephone must be …"). In the summary, a label the form uses more than once is preceded by its
 * section ("Carer 1: Telephone must be …").
 */
function plainMessage(form, wrapper, problem) {
  const label = labelText(wrapper.querySelector('label, legend'));
  const message =
    label && problem.field && problem.message.startsWith(`${problem.field} `)
      ? `${label}${problem.message.slice(problem.field.length)}`
      : problem.message;
  const twins = [...form.querySelectorAll('.field > label')].filter((item) => labelText(item) === label);
  const section = labelText(wrapper.parentElement?.closest('fieldset')?.querySelector('legend'));
  return { message, summary: twins.length > 1 && section ? `${section}: ${message}` : message };
}

function focusField(event, id) {
  event.preventDefault();
  document.getElementById(id)?.focus();
}

/** Problems from an API error (field problems, or its message alone). */
export function problemsOf(error) {
  if (error.problems?.length) return error.problems;
  return [{ field: '', message: error.message }];
}

/** Disables a form's submit button while `work` runs. */
export async function busy(form, work) {
  const button = form.querySelector('button[type="submit"]');
  if (button) button.disabled = true;
  try {
    return await work();
  } finally {
    if (button) button.disabled = false;
  }
}
