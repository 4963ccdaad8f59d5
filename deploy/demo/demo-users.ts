import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { authenticator } from 'otplib';
import type { DemoSecrets } from './demo-state';
import type { DemoService } from './layout';

const execFileAsync = promisify(execFile);

/** A demo sign-in user of one node: made through the node's own `users` command and its sign-in API. */
export interface DemoUser {
  username: string;
  role: 'practitioner' | 'data-manager' | 'node-administrator' | 'auditor';
  displayName: string;
  familyName: string;
  laCode: string;
  /** The node's web app, where this user signs in. */
  url: string;
}

/** What the demo keeps of a user in .demo/secrets.json: the password and the TOTP secret (synthetic data only). */
export interface DemoCredentials {
  password: string;
  totpSecret: string;
}

const ROLES: { suffix: string; role: DemoUser['role']; displayName: string; familyName: string }[] = [
  { suffix: 'practitioner', role: 'practitioner', displayName: 'Pat Okafor', familyName: 'Okafor' },
  // Creates records and hands them over (and bench:soak's writes run as this user).
  { suffix: 'data-manager', role: 'data-manager', displayName: 'Jo Mensah', familyName: 'Mensah' },
  { suffix: 'admin', role: 'node-administrator', displayName: 'Alex Byrne', familyName: 'Byrne' },
  { suffix: 'auditor', role: 'auditor', displayName: 'Sam Lindqvist', familyName: 'Lindqvist' },
];

export function demoUsersOf(node: DemoService, url: string): DemoUser[] {
  if (!node.la) return [];
  const la = node.la;
  return ROLES.map((spec) => ({
    username: `${node.name}.${spec.suffix}`,
    role: spec.role,
    displayName: spec.displayName,
    familyName: spec.familyName,
    laCode: la.code,
    url,
  }));
}

export function credentialsKey(username: string): string {
  return `demoUser.${username}`;
}

export function storedCredentials(secrets: DemoSecrets, username: string): DemoCredentials | undefined {
  const stored = secrets.find(credentialsKey(username));
  return stored ? (JSON.parse(stored) as DemoCredentials) : undefined;
}

/** The code for the TOTP step `offset` steps from now (0 = current; the node accepts one step either side). */
export function totpCode(secret: string, offset = 0, now = Date.now()): string {
  return authenticator.clone({ epoch: now + offset * 30_000 }).generate(secret);
}

/** Runs one of the node's own subcommands and returns what it printed. */
type NodeCommand = (args: string[]) => Promise<string>;

export function nodeCommandRunner(node: DemoService, env: Record<string, string>): NodeCommand {
  return async (args) => {
    const { stdout } = await execFileAsync(process.execPath, [node.entry, ...args], {
      env: { ...process.env, ...env },
    });
    return stdout;
  };
}

async function call(url: string, path: string, body: unknown, token?: string): Promise<unknown> {
  const response = await fetch(`${url}/api/v1${path}`, {
    method: 'POST',
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${path} answered ${response.status}: ${text}`);
  return text ? (JSON.parse(text) as unknown) : undefined;
}

/**
 * Makes the node's demo users, each through the real path: `users create` (or `users reset` when the user
 * exists but its credentials were lost), first sign-in with the one-time password, TOTP enrolment, and a
 * password change to the demo password kept in .demo/secrets.json. Users already provisioned are left alone.
 */
export async function provisionDemoUsers(input: {
  node: DemoService;
  url: string;
  secrets: DemoSecrets;
  run: NodeCommand;
}): Promise<DemoUser[]> {
  const users = demoUsersOf(input.node, input.url);
  const listed = await input.run(['users', 'list']);
  const states = new Map(
    listed
      .split('\n')
      .map((line) => line.split('\t'))
      .filter((fields) => fields.length >= 4)
      .map((fields) => [fields[1], fields[3]]),
  );
  for (const user of users) {
    const state = states.get(user.username);
    if (state === 'active' && storedCredentials(input.secrets, user.username)) continue;
    const issued = state
      ? await input.run(['users', 'reset', user.username])
      : await input.run([
          'users',
          'create',
          '--username',
          user.username,
          '--display-name',
          user.displayName,
          '--family-name',
          user.familyName,
          '--role',
          user.role,
        ]);
    const initialPassword = /initial password \(shown once\): (\S+)/.exec(issued)?.[1];
    if (!initialPassword) throw new Error(`users ${state ? 'reset' : 'create'} printed no initial password`);
    input.secrets.set(
      credentialsKey(user.username),
      JSON.stringify(await enrol(input.url, user, initialPassword)),
    );
  }
  return users;
}

async function enrol(url: string, user: DemoUser, initialPassword: string): Promise<DemoCredentials> {
  const first = (await call(url, '/auth/sign-in', {
    username: user.username,
    password: initialPassword,
  })) as {
    enrolmentToken: string;
  };
  const started = (await call(url, '/auth/enrolment', undefined, first.enrolmentToken)) as {
    otpauthUri: string;
  };
  const totpSecret = new URL(started.otpauthUri).searchParams.get('secret') ?? '';
  const confirmed = (await call(
    url,
    '/auth/enrolment/confirm',
    { code: totpCode(totpSecret) },
    first.enrolmentToken,
  )) as {
    accessToken: string;
  };
  const password = `demo-${randomBytes(6).toString('hex')}`;
  await call(
    url,
    '/auth/password',
    { currentPassword: initialPassword, newPassword: password },
    confirmed.accessToken,
  );
  return { password, totpSecret };
}
