// The LA IT console: users and roles, the node's certificate, the index feed (administrators); the audit
// trail check and the misuse report (auditors). The API decides what each role may do.
import { api } from './api.js';
import { h, notice, replace, table } from './dom.js';
import { busy, field, problemsOf, showErrors, valueOf } from './forms.js';
import { words } from './labels.js';
import { auditSection, certificateSection, indexSection, misuseSection } from './console-status.js';

export async function consolePage(ctx) {
  ctx.setTitle('LA IT console');
  const { role } = ctx.session;
  const sections = [];
  if (role === 'node-administrator')
    sections.push(usersSection(ctx), certificateSection(ctx), indexSection(ctx));
  if (role === 'auditor') sections.push(auditSection(ctx), misuseSection(ctx));
  replace(
    ctx.main,
    h('h1', {}, `LA IT console: ${ctx.config.laName}`),
    h(
      'p',
      { class: 'lede' },
      role === 'auditor'
        ? 'The audit trail and the misuse review of this node.'
        : 'Users of this node, its federation certificate and its index feed to the hub.',
    ),
    ...sections,
  );
}

function userState(user) {
  if (user.disabled) return 'Disabled';
  if (user.locked) return 'Locked';
  return user.totpEnrolled ? 'Active' : 'Not yet signed in';
}

function usersSection(ctx) {
  const section = h('section', { 'aria-labelledby': 'users-heading' });
  const status = h('div');
  const list = h('div');
  const refresh = async () => {
    try {
      const users = await api('GET', '/users');
      replace(list, usersTable(ctx, users, status, refresh));
    } catch (error) {
      replace(list, notice('warn', error.message));
    }
  };
  replace(
    section,
    h('h2', { id: 'users-heading' }, 'Users and roles'),
    status,
    list,
    createUserForm(ctx, status, refresh),
  );
  void refresh();
  return section;
}

function usersTable(ctx, users, status, refresh) {
  const roleOptions = ctx.config.lists.roles.map((role) => [role, words(role)]);
  const rows = users.map((user) => {
    const selectId = `role-${user.id}`;
    const select = h(
      'select',
      { id: selectId },
      roleOptions.map(([value, text]) => h('option', { value, selected: value === user.role }, text)),
    );
    // Reset and disable end the user's sessions: asked for once more before they happen.
    const act = (label, work, question) =>
      h(
        'button',
        {
          type: 'button',
          class: 'secondary',
          on: { click: () => (!question || window.confirm(question)) && void run(status, work, refresh) },
        },
        label,
        h('span', { class: 'visually-hidden' }, ` ${user.username}`),
      );
    return [
      user.username,
      user.displayName,
      words(user.role),
      userState(user),
      h(
        'div',
        { class: 'actions' },
        h('label', { for: selectId, class: 'visually-hidden' }, `New role for ${user.username}`),
        select,
        act('Change role', async () => {
          const changed = await api('PUT', `/users/${user.id}/role`, { body: { role: select.value } });
          return notice(
            'ok',
            `${changed.username} is now ${words(changed.role)}. Their sessions have ended.`,
          );
        }),
        act(
          'Reset',
          async () => {
            const issued = await api('POST', `/users/${user.id}/reset`);
            return issuedNotice(issued, 'reset');
          },
          `Reset ${user.username}? Their password and authenticator app stop working at once.`,
        ),
        user.disabled
          ? null
          : act(
              'Disable',
              async () => {
                const disabled = await api('POST', `/users/${user.id}/disable`);
                return notice('ok', `${disabled.username} is disabled and signed out.`);
              },
              `Disable ${user.username}? They are signed out at once.`,
            ),
      ),
    ];
  });
  return table(`${users.length} users`, ['Username', 'Name', 'Role', 'State', 'Actions'], rows);
}

async function run(status, work, refresh) {
  try {
    replace(status, await work());
    await refresh();
  } catch (error) {
    replace(status, notice('warn', error.message));
  }
}

function issuedNotice(issued, what) {
  return notice(
    'ok',
    `${issued.username} (${words(issued.role)}) is ${what === 'reset' ? 'reset' : 'created'}. Their one-time password, shown only now: `,
    h('code', { class: 'secret' }, issued.initialPassword),
    '. They set up their authenticator app when they first sign in.',
  );
}

const MISSING = {
  username: 'Enter a username',
  displayName: 'Enter the name shown to colleagues',
  familyName: 'Enter the family name',
  role: 'Choose a role',
};

function createUserForm(ctx, status, refresh) {
  const errors = h('div');
  const form = h(
    'form',
    { novalidate: true },
    h(
      'fieldset',
      {},
      h('legend', {}, 'Add a user'),
      field({
        id: 'new-username',
        label: 'Username',
        hint: '3 to 64 lower-case letters, digits, dots, hyphens or underscores',
        autocomplete: 'off',
      }),
      field({ id: 'new-displayName', label: 'Name as shown to colleagues', autocomplete: 'off' }),
      field({
        id: 'new-familyName',
        label: 'Family name',
        hint: 'Used by the misuse review to spot views of possible relatives',
        autocomplete: 'off',
      }),
      field({
        id: 'new-role',
        label: 'Role',
        options: [['', 'Choose a role'], ...ctx.config.lists.roles.map((role) => [role, words(role)])],
      }),
    ),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Add user')),
  );
  const ids = {
    username: 'new-username',
    displayName: 'new-displayName',
    familyName: 'new-familyName',
    role: 'new-role',
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void busy(form, async () => {
      const body = Object.fromEntries(Object.entries(ids).map(([name, id]) => [name, valueOf(form, id)]));
      const missing = Object.entries(body).filter(([, value]) => !value);
      if (missing.length)
        return showErrors(
          form,
          errors,
          missing.map(([name]) => ({ field: name, message: MISSING[name] })),
          ids,
        );
      try {
        const issued = await api('POST', '/users', { body });
        form.reset();
        errors.replaceChildren();
        replace(status, issuedNotice(issued, 'create'));
        await refresh();
      } catch (error) {
        showErrors(form, errors, problemsOf(error), ids);
      }
    });
  });
  return h('div', {}, errors, form);
}
