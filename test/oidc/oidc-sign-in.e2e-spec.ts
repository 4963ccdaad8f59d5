import { Client, type QueryResultRow } from 'pg';
import { createTestDatabase } from '../support/test-database';
import {
  freePort,
  startNodeProcess,
  startProvider,
  TestBrowser,
  type NodeProcess,
  type TestProvider,
} from './oidc-support';

jest.setTimeout(60_000);

const CLIENT_ID = 'contactpoint-node';
const CLIENT_SECRET = 'oidc-test-client-secret-0123456789';
const CALLBACK_PATH = '/api/v1/auth/oidc/callback';

interface FlowResult {
  browser: TestBrowser;
  callback: Response;
  callbackBody?: { message?: string };
  token?: string;
}

describe('sign-in through the LA identity provider (a real oidc-provider, real PostgreSQL)', () => {
  let nodeProcess: NodeProcess;
  let provider: TestProvider;
  let database: { url: string; drop: () => Promise<void> };
  let db: Client;
  let node: string;

  beforeAll(async () => {
    const port = await freePort();
    node = `http://127.0.0.1:${port}`;
    provider = await startProvider({
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      redirectUri: `${node}${CALLBACK_PATH}`,
    });
    database = await createTestDatabase();
    nodeProcess = await startNodeProcess(port, {
      DATABASE_URL: database.url,
      OIDC_ISSUER: provider.issuer,
      OIDC_CLIENT_ID: CLIENT_ID,
      OIDC_CLIENT_SECRET: CLIENT_SECRET,
      OIDC_REDIRECT_URI: `${node}${CALLBACK_PATH}`,
      OIDC_ROLE_CLAIM: 'cp_role',
      OIDC_ROLE_MAP: 'cp-data-manager=data-manager, cp-practitioner=practitioner',
      OIDC_REQUIRED_AMR: 'otp,hwk',
      OIDC_PROVIDER_NAME: 'Westminster staff account',
    });
    db = new Client({ connectionString: database.url });
    await db.connect();
  });

  afterAll(async () => {
    await db?.end();
    await nodeProcess?.stop();
    await provider?.stop();
    await database?.drop();
  });

  /** A browser's whole journey: the node's start, the IdP's sign-in, the callback, the token collected. */
  async function signIn(
    account: string,
    options: {
      mfa?: boolean;
      tamperAuthorization?: (url: URL) => void;
      tamperCallback?: (url: URL) => void;
    } = {},
  ): Promise<FlowResult> {
    const browser = new TestBrowser();
    const start = await browser.request(`${node}/api/v1/auth/oidc/start`);
    expect(start.status).toBe(302);
    const authorization = new URL(start.headers.get('location') ?? '');
    expect(authorization.origin).toBe(provider.issuer);
    options.tamperAuthorization?.(authorization);
    const { url: interaction } = await browser.follow(authorization.href, (next) =>
      next.pathname.startsWith('/interaction/'),
    );
    const login = await browser.request(`${interaction.href}/login`, {
      method: 'POST',
      form: true,
      body: new URLSearchParams({ account, mfa: options.mfa === false ? '0' : '1' }).toString(),
    });
    expect([302, 303]).toContain(login.status);
    const { url: callbackUrl } = await browser.follow(
      new URL(login.headers.get('location') ?? '', interaction).href,
      (next) => next.pathname === CALLBACK_PATH,
    );
    expect(callbackUrl.origin).toBe(node);
    options.tamperCallback?.(callbackUrl);
    const callback = await browser.request(callbackUrl.href);
    if (callback.status !== 302) {
      if (process.env.OIDC_DEBUG) console.log(callback.status, await callback.clone().text());
      return { browser, callback, callbackBody: (await callback.json()) as { message?: string } };
    }
    expect(callback.headers.get('location')).toBe('/#/sign-in?oidc=complete');
    const session = await browser.request(`${node}/api/v1/auth/oidc/session`, { method: 'POST' });
    expect(session.status).toBe(200);
    const body = (await session.json()) as { tokenType: string; accessToken: string };
    expect(body.tokenType).toBe('Bearer');
    return { browser, callback, token: body.accessToken };
  }

  const get = (path: string, token: string) =>
    fetch(`${node}/api/v1${path}`, { headers: { authorization: `Bearer ${token}` } });

  const query = async <R extends QueryResultRow>(sql: string, values: unknown[] = []): Promise<R[]> =>
    (await db.query<R>(sql, values)).rows;

  const refusals = async (reason: string): Promise<number> => {
    const [row] = await query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_entry
       WHERE action = 'access.refused' AND outcome = 'refused' AND detail->>'reason' = $1
         AND detail->>'route' = 'OidcController.callback'`,
      [reason],
    );
    return row.n;
  };

  it('offers the IdP on the sign-in page under its configured name', async () => {
    const response = await fetch(`${node}/api/v1/auth/oidc/config`);
    expect(await response.json()).toEqual({ enabled: true, providerName: 'Westminster staff account' });
  });

  it('a data-manager claim signs in as a data manager, who can call a data-manager route', async () => {
    const first = await signIn('dm-1');
    expect(first.token).toBeDefined();
    const me = (await (await get('/auth/me', first.token ?? '')).json()) as { userId: string; role: string };
    expect(me.role).toBe('data-manager');
    expect((await get('/handovers', first.token ?? '')).status).toBe(200);

    // The user is linked to the IdP subject: a second sign-in is the same user, so the audit names one id.
    const second = await signIn('dm-1');
    const again = (await (await get('/auth/me', second.token ?? '')).json()) as { userId: string };
    expect(again.userId).toBe(me.userId);
    const [linked] = await query<{ user_id: string; subject: string; issuer: string }>(
      `SELECT user_id, subject, issuer FROM oidc_identity WHERE subject = 'dm-1'`,
    );
    expect(linked).toEqual({ user_id: me.userId, subject: 'dm-1', issuer: provider.issuer });
    const signIns = await query<{ detail: { stage: string; firstSignIn?: boolean } }>(
      `SELECT detail FROM audit_entry WHERE action = 'auth.sign-in' AND actor_id = $1 ORDER BY sequence`,
      [me.userId],
    );
    expect(signIns.map((row) => [row.detail.stage, row.detail.firstSignIn ?? false])).toEqual([
      ['oidc', true],
      ['oidc', false],
    ]);
  });

  it('a practitioner claim signs in as a practitioner, who cannot call a data-manager route', async () => {
    const { token } = await signIn('pr-1');
    const me = (await (await get('/auth/me', token ?? '')).json()) as { role: string };
    expect(me.role).toBe('practitioner');
    expect((await get('/handovers', token ?? '')).status).toBe(403);
  });

  it('a missing or unknown role claim is refused (403) and audited', async () => {
    const missingBefore = await refusals('oidc-role-missing');
    const missing = await signIn('none-1');
    expect(missing.callback.status).toBe(403);
    expect(missing.callbackBody?.message).toMatch(/no role/);
    expect(await refusals('oidc-role-missing')).toBe(missingBefore + 1);

    const unknownBefore = await refusals('oidc-role-unknown');
    const unknown = await signIn('odd-1');
    expect(unknown.callback.status).toBe(403);
    expect(await refusals('oidc-role-unknown')).toBe(unknownBefore + 1);
    const [users] = await query<{ n: number }>(
      `SELECT count(*)::int AS n FROM oidc_identity WHERE subject IN ('none-1', 'odd-1')`,
    );
    expect(users.n).toBe(0);
  });

  it("the IdP's sign-in without a second factor is refused when the node requires one", async () => {
    const before = await refusals('oidc-mfa-not-shown');
    const result = await signIn('dm-1', { mfa: false });
    expect(result.callback.status).toBe(403);
    expect(await refusals('oidc-mfa-not-shown')).toBe(before + 1);
  });

  it('a tampered state or nonce is refused and audited', async () => {
    const before = await refusals('oidc-callback-refused');
    const state = await signIn('dm-1', {
      tamperCallback: (url) => url.searchParams.set('state', 'forged-state'),
    });
    expect(state.callback.status).toBe(401);
    const nonce = await signIn('dm-1', {
      tamperAuthorization: (url) => url.searchParams.set('nonce', 'forged-nonce'),
    });
    expect(nonce.callback.status).toBe(401);
    expect(await refusals('oidc-callback-refused')).toBe(before + 2);
    const checks = await query<{ check: string }>(
      `SELECT detail->>'check' AS check FROM audit_entry
       WHERE action = 'access.refused' AND detail->>'reason' = 'oidc-callback-refused' ORDER BY sequence`,
    );
    expect(checks.map((row) => row.check).join(' ')).toMatch(/state.*nonce/);
  });

  it('a callback without the flow cookie is refused, and a token is collected only once', async () => {
    const before = await refusals('oidc-flow-missing');
    const response = await fetch(`${node}${CALLBACK_PATH}?code=x&state=y`, { redirect: 'manual' });
    expect(response.status).toBe(401);
    expect(await refusals('oidc-flow-missing')).toBe(before + 1);

    const { browser } = await signIn('dm-1');
    const second = await browser.request(`${node}/api/v1/auth/oidc/session`, { method: 'POST' });
    expect(second.status).toBe(401);
  });

  it('an IdP user has no password at the node', async () => {
    const [row] = await query<{ username: string }>(
      `SELECT u.username FROM app_user u JOIN oidc_identity i ON i.user_id = u.id WHERE i.subject = 'dm-1'`,
    );
    const response = await fetch(`${node}/api/v1/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: row.username, password: '!oidc-no-password' }),
    });
    expect(response.status).toBe(401);
  });
});
