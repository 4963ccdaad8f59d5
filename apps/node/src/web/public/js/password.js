// Every user changes their own password: the current one, and a new one of at least 12 characters typed
// twice. The node ends the user's other sessions; this one stays signed in.
import { api } from './api.js';
import { h, replace } from './dom.js';
import { busy, clearErrors, field, problemsOf, showErrors } from './forms.js';

const MIN_LENGTH = 12;

export async function passwordPage(ctx) {
  ctx.setTitle('Change your password');
  const errors = h('div');
  const form = h(
    'form',
    { novalidate: true },
    field({
      id: 'currentPassword',
      label: 'Current password',
      type: 'password',
      autocomplete: 'current-password',
    }),
    field({
      id: 'newPassword',
      label: 'New password',
      type: 'password',
      hint: `At least ${MIN_LENGTH} characters. A passphrase of a few unrelated words is best.`,
      autocomplete: 'new-password',
    }),
    field({
      id: 'confirmPassword',
      label: 'New password again',
      type: 'password',
      autocomplete: 'new-password',
    }),
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'submit' }, 'Change password'),
      h('a', { href: `#${ctx.home}` }, 'Cancel'),
    ),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void busy(form, () => submit(ctx, form, errors));
  });
  replace(
    ctx.main,
    h('h1', {}, 'Change your password'),
    h(
      'p',
      { class: 'lede' },
      'Changing your password signs you out everywhere else. Your authenticator app stays as it is.',
    ),
    errors,
    form,
  );
}

async function submit(ctx, form, errors) {
  const value = (name) => form.elements.namedItem(name).value;
  const currentPassword = value('currentPassword');
  const newPassword = value('newPassword');
  const problems = [];
  if (!currentPassword) problems.push({ field: 'currentPassword', message: 'Enter your current password' });
  if (newPassword.length < MIN_LENGTH)
    problems.push({
      field: 'newPassword',
      message: `Enter a new password of at least ${MIN_LENGTH} characters`,
    });
  else if (newPassword !== value('confirmPassword'))
    problems.push({ field: 'confirmPassword', message: 'The two new passwords are not the same' });
  if (problems.length) return showErrors(form, errors, problems);
  clearErrors(form, errors);
  try {
    await api('POST', '/auth/password', { body: { currentPassword, newPassword } });
    ctx.navigate(ctx.home, 'Your password is changed. Use it the next time you sign in.');
  } catch (error) {
    // A wrong current password is a 403 naming no field: it is shown at the current password.
    const found =
      error.status === 403 && !error.problems.length
        ? [{ field: 'currentPassword', message: error.message }]
        : problemsOf(error);
    showErrors(form, errors, found);
  }
}
