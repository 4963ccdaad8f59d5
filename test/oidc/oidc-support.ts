import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';

/** A free TCP port on 127.0.0.1 (for the node, whose callback URL the IdP must know before it starts). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/**
 * A real OpenID Connect provider (oidc-provider, an ES module) for the e2e test, run by node as a module of its
 * own process. It listens on 127.0.0.1 (a free port) and prints {"issuer": ...} on one line when ready.
 * Interactions are the test's own: GET /interaction/:uid answers JSON; POST /interaction/:uid/login with
 * account=<id>[&mfa=1] signs that account in (amr ["pwd","otp"] with mfa=1, else ["pwd"]). Consent is implied
 * (a first-party client). Its accounts and their role claims are in ACCOUNTS.
 */
const PROVIDER_SCRIPT = `
import { createServer } from 'node:http';
import Provider from 'oidc-provider';

const ACCOUNTS = {
  'dm-1': { name: 'Dana Manager', given_name: 'Dana', family_name: 'Manager', cp_role: 'cp-data-manager' },
  'pr-1': { name: 'Priya Practitioner', given_name: 'Priya', family_name: 'Practitioner', cp_role: ['staff', 'cp-practitioner'] },
  'none-1': { name: 'Nora Norole', given_name: 'Nora', family_name: 'Norole' },
  'odd-1': { name: 'Otto Odd', given_name: 'Otto', family_name: 'Odd', cp_role: 'cp-janitor' },
};

const server = createServer();
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const issuer = \`http://127.0.0.1:\${server.address().port}\`;

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: process.env.OIDC_TEST_CLIENT_ID,
      client_secret: process.env.OIDC_TEST_CLIENT_SECRET,
      redirect_uris: [process.env.OIDC_TEST_REDIRECT_URI],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
    },
  ],
  pkce: { required: () => true },
  claims: {
    amr: null,
    acr: null,
    sid: null,
    auth_time: null,
    iss: null,
    openid: ['sub', 'amr'],
    profile: ['name', 'given_name', 'family_name', 'cp_role'],
  },
  // Scope claims in the ID token itself (the node reads the role from the signed ID token).
  conformIdTokenClaims: false,
  cookies: { keys: ['oidc-test-cookie-key-0123456789abcdef'] },
  features: { devInteractions: { enabled: false } },
  interactions: { url: (_ctx, interaction) => \`/interaction/\${interaction.uid}\` },
  async findAccount(_ctx, id) {
    const claims = ACCOUNTS[id];
    if (!claims) return undefined;
    return { accountId: id, claims: () => ({ sub: id, ...claims }) };
  },
  // A first-party client: consent is implied (the LA's own IdP and its own node).
  async loadExistingGrant(ctx) {
    if (!ctx.oidc.session?.accountId) return undefined;
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId,
      accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope(ctx.oidc.params.scope);
    await grant.save();
    return grant;
  },
});

const callback = provider.callback();
server.on('request', async (req, res) => {
  const match = /^\\/interaction\\/([^/?]+)(\\/login)?/.exec(req.url ?? '');
  if (!match) return callback(req, res);
  try {
    const details = await provider.interactionDetails(req, res);
    if (!match[2]) {
      res.setHeader('content-type', 'application/json');
      return res.end(JSON.stringify({ uid: details.uid, prompt: details.prompt.name }));
    }
    let body = '';
    for await (const chunk of req) body += chunk;
    const form = new URLSearchParams(body);
    const mfa = form.get('mfa') === '1';
    await provider.interactionFinished(
      req,
      res,
      { login: { accountId: form.get('account'), amr: mfa ? ['pwd', 'otp'] : ['pwd'] } },
      { mergeWithLastSubmission: false },
    );
  } catch (error) {
    res.statusCode = 400;
    res.end(String(error));
  }
});

process.stdout.write(\`\${JSON.stringify({ issuer })}\\n\`);
`;

export interface TestProvider {
  issuer: string;
  stop: () => Promise<void>;
}

/** Starts the real oidc-provider (PROVIDER_SCRIPT) in a process of its own. */
export async function startProvider(client: {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
}): Promise<TestProvider> {
  const child: ChildProcess = spawn(process.execPath, ['--input-type=module', '--eval', PROVIDER_SCRIPT], {
    cwd: path.resolve(__dirname, '..', '..'),
    env: {
      ...process.env,
      OIDC_TEST_CLIENT_ID: client.clientId,
      OIDC_TEST_CLIENT_SECRET: client.clientSecret,
      OIDC_TEST_REDIRECT_URI: client.redirectUri,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const stdout = child.stdout;
  if (!stdout) throw new Error('provider has no stdout');
  const issuer = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`oidc-provider exited with ${code}`)));
    createInterface({ input: stdout }).once('line', (line) => {
      const parsed: unknown = JSON.parse(line);
      const value = parsed && typeof parsed === 'object' && 'issuer' in parsed ? parsed.issuer : null;
      if (typeof value === 'string') resolve(value);
      else reject(new Error(`unexpected provider output: ${line}`));
    });
  });
  return {
    issuer,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

const ROOT = path.resolve(__dirname, '..', '..');

export interface NodeProcess {
  url: string;
  stop: () => Promise<void>;
}

/**
 * Starts the node as production runs it, in a process of its own (`node -r ./bench/lib/register.js
 * apps/node/src/main.ts serve`, settings from the environment and validated by loadSettings). openid-client
 * ships as an ES module only: Node (20.19+) loads it with require(), Jest's module system does not, so the
 * node under test runs outside Jest.
 */
export async function startNodeProcess(port: number, env: Record<string, string>): Promise<NodeProcess> {
  const url = `http://127.0.0.1:${port}`;
  const output: string[] = [];
  const child = spawn(
    process.execPath,
    [
      '-r',
      path.join(ROOT, 'bench', 'lib', 'register.js'),
      path.join(ROOT, 'apps', 'node', 'src', 'main.ts'),
      'serve',
    ],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        NODE_ENV: 'test',
        HTTP_HOST: '127.0.0.1',
        HTTP_PORT: String(port),
        LOG_LEVEL: 'warn',
        NODE_LA_CODE: 'E09000033',
        NODE_LA_NAME: 'Westminster',
        AUTH_TOKEN_SECRET: randomBytes(24).toString('hex'),
        TOTP_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
        MISUSE_REVIEW_ENABLED: 'false',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const keep = (chunk: Buffer) => output.push(...chunk.toString().split('\n').filter(Boolean));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`the node exited while starting:\n${output.slice(-30).join('\n')}`);
    const ready = await fetch(`${url}/health/ready`).then(
      (response) => response.status === 200,
      () => false,
    );
    if (ready) break;
    if (Date.now() > deadline) throw new Error(`the node did not start:\n${output.slice(-30).join('\n')}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** A browser's part, enough for the flow: a cookie jar per host and redirects followed one by one. */
export class TestBrowser {
  private readonly jar = new Map<string, Map<string, string>>();

  /** One request, no redirect followed; cookies sent and kept. */
  async request(
    url: string,
    init: { method?: string; body?: string; form?: boolean } = {},
  ): Promise<Response> {
    const target = new URL(url);
    const cookies = this.jar.get(target.host) ?? new Map<string, string>();
    const headers: Record<string, string> = { accept: 'application/json, text/html' };
    if (cookies.size > 0) headers.cookie = [...cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    if (init.form) headers['content-type'] = 'application/x-www-form-urlencoded';
    const response = await fetch(target, {
      method: init.method ?? 'GET',
      headers,
      body: init.body,
      redirect: 'manual',
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair.indexOf('=');
      const name = pair.slice(0, at).trim();
      const value = pair.slice(at + 1).trim();
      if (/max-age=0/i.test(line) || value === '') cookies.delete(name);
      else cookies.set(name, value);
    }
    this.jar.set(target.host, cookies);
    return response;
  }

  /** Follows redirects from `url` until a response that is not one, or until `stop` says to stop at a URL. */
  async follow(
    url: string,
    stop: (next: URL) => boolean = () => false,
  ): Promise<{ url: URL; response: Response }> {
    let current = new URL(url);
    for (let hop = 0; hop < 15; hop += 1) {
      const response = await this.request(current.href);
      const location = response.headers.get('location');
      if (response.status < 300 || response.status >= 400 || !location) return { url: current, response };
      await response.arrayBuffer();
      current = new URL(location, current);
      if (stop(current)) return { url: current, response };
    }
    throw new Error('too many redirects');
  }

  cookie(host: string, name: string): string | undefined {
    return this.jar.get(host)?.get(name);
  }
}
