// Sign-in with both factors; a first sign-in sets up the authenticator app (TOTP enrolment).
import { api, saveSession } from './api.js';
import { h, replace } from './dom.js';
import { busy, clearErrors, field, problemsOf, showErrors, valueOf } from './forms.js';
import { homeFor } from './app.js';

const CODE = /^\d{6}$/;

export async function signInPage(ctx) {
  ctx.setTitle('Sign in');
  const errors = h('div');
  if (ctx.query.oidc === 'complete') {
    // Back from the LA's identity provider: collect the node's access token the callback left (once).
    try {
      const answer = await api('POST', '/auth/oidc/session');
      return await completeSignIn(ctx, null, answer);
    } catch (error) {
      showErrors(h('form'), errors, problemsOf(error));
    }
  }
  const idp = await identityProvider();
  const form = h(
    'form',
    { novalidate: true },
    field({ id: 'username', label: 'Username', autocomplete: 'username', required: true }),
    field({
      id: 'password',
      label: 'Password',
      type: 'password',
      autocomplete: 'current-password',
      required: true,
    }),
    field({
      id: 'code',
      label: 'Security code',
      hint: 'The 6-digit code from your authenticator app. The first time you sign in, leave it empty: you will set the app up next.',
      inputmode: 'numeric',
      autocomplete: 'one-time-code',
      className: 'short',
    }),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Sign in')),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void busy(form, () => submit(ctx, form, errors));
  });
  replace(
    ctx.main,
    h('h1', {}, 'Sign in'),
    h('p', { class: 'lede' }, `ContactPoint for practitioners and IT staff of ${ctx.config.laName}.`),
    errors,
    idp
      ? h(
          'div',
          { class: 'actions' },
          h('a', { class: 'button', href: '/api/v1/auth/oidc/start' }, `Sign in with ${idp.providerName}`),
        )
      : null,
    idp ? h('p', {}, 'Or sign in with your ContactPoint username, password and security code:') : null,
    form,
  );
}

/** The LA's identity provider, when this node offers sign-in through it. */
async function identityProvider() {
  try {
    const answer = await api('GET', '/auth/oidc/config');
    return answer?.enabled ? answer : null;
  } catch {
    return null;
  }
}

async function submit(ctx, form, errors) {
  const username = valueOf(form, 'username');
  const password = form.elements.namedItem('password').value;
  const code = valueOf(form, 'code');
  const problems = [];
  if (!username) problems.push({ field: 'username', message: 'Enter your username' });
  if (!password) problems.push({ field: 'password', message: 'Enter your password' });
  if (code && !CODE.test(code))
    problems.push({ field: 'code', message: 'The security code is 6 digits, like 123456' });
  if (problems.length) return showErrors(form, errors, problems);
  clearErrors(form, errors);
  try {
    const answer = await api('POST', '/auth/sign-in', {
      body: { username, password, ...(code ? { code } : {}) },
    });
    if (answer.enrolmentRequired) return enrolmentStep(ctx, username, answer.enrolmentToken);
    await completeSignIn(ctx, username, answer);
  } catch (error) {
    showErrors(form, errors, problemsOf(error));
  }
}

async function enrolmentStep(ctx, username, enrolmentToken) {
  ctx.setTitle('Set up your authenticator app');
  const started = await api('POST', '/auth/enrolment', { token: enrolmentToken });
  const secret = new URL(started.otpauthUri).searchParams.get('secret') ?? '';
  const errors = h('div');
  const form = h(
    'form',
    { novalidate: true },
    field({
      id: 'code',
      label: 'Security code',
      hint: 'The 6-digit code your app now shows.',
      inputmode: 'numeric',
      autocomplete: 'one-time-code',
      className: 'short',
    }),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Confirm and sign in')),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void busy(form, async () => {
      const code = valueOf(form, 'code');
      if (!code || !CODE.test(code))
        return showErrors(form, errors, [{ field: 'code', message: 'Enter the 6-digit code from your app' }]);
      try {
        const answer = await api('POST', '/auth/enrolment/confirm', {
          token: enrolmentToken,
          body: { code },
        });
        await completeSignIn(ctx, username, answer);
      } catch (error) {
        showErrors(form, errors, problemsOf(error));
      }
    });
  });
  replace(
    ctx.main,
    h('h1', {}, 'Set up your authenticator app'),
    h(
      'p',
      {},
      'Your account needs a second factor. Scan this code with an authenticator app on your work phone, or type in the key below.',
    ),
    h('img', {
      class: 'qr',
      src: started.qrCodeDataUrl,
      alt: 'QR code to add ContactPoint to your authenticator app',
      width: 200,
      height: 200,
    }),
    h('p', {}, 'Key: ', h('code', { class: 'secret' }, secret)),
    errors,
    form,
  );
  ctx.main.querySelector('h1').focus?.();
}

async function completeSignIn(ctx, username, answer) {
  const me = await api('GET', '/auth/me', { token: answer.accessToken });
  saveSession({
    accessToken: answer.accessToken,
    expiresAt: answer.expiresAt,
    role: me.role,
    userId: me.userId,
    username: username ?? undefined,
  });
  ctx.navigate(homeFor(me.role));
}
