import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { authenticator } from 'otplib';
import { loadSettings } from '@cp/config';
import { DemoSettings } from './demo-settings';
import { DemoSecrets } from './demo-state';
import { credentialsKey, demoUsersOf, storedCredentials, totpCode } from './demo-users';
import { demoLayout } from './layout';

describe('demo sign-in users', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cp-demo-users-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('gives each node a practitioner, a data manager, an administrator and an auditor named after its LA; the hub none', () => {
    const [hub, westminster] = demoLayout(loadSettings(DemoSettings, {}));
    expect(demoUsersOf(hub, 'https://127.0.0.1:4000')).toEqual([]);
    expect(
      demoUsersOf(westminster, 'http://127.0.0.1:4001').map((user) => [user.username, user.role]),
    ).toEqual([
      ['westminster.practitioner', 'practitioner'],
      ['westminster.data-manager', 'data-manager'],
      ['westminster.admin', 'node-administrator'],
      ['westminster.auditor', 'auditor'],
    ]);
  });

  it('keeps credentials in the owner-only secrets file, and makes codes an authenticator accepts', () => {
    const file = join(dir, 'secrets.json');
    const secret = authenticator.generateSecret(20);
    new DemoSecrets(file).set(
      credentialsKey('kent.admin'),
      JSON.stringify({ password: 'demo-x', totpSecret: secret }),
    );
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(storedCredentials(new DemoSecrets(file), 'kent.admin')).toEqual({
      password: 'demo-x',
      totpSecret: secret,
    });
    expect(storedCredentials(new DemoSecrets(file), 'kent.auditor')).toBeUndefined();
    expect(authenticator.check(totpCode(secret), secret)).toBe(true);
    expect(totpCode(secret, 1)).toBe(authenticator.clone({ epoch: Date.now() + 30_000 }).generate(secret));
  });
});
