import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DemoSecrets } from './demo-state';
import { storedCredentials, totpCode } from './demo-users';

/**
 * `npm run demo:code -- <username>`: the current 6-digit sign-in code of a demo user, and how long it
 * lasts; with --uri, the otpauth URI to add the user to an authenticator app instead.
 */
function main(args: string[]): number {
  const username = args.find((arg) => !arg.startsWith('--'));
  const file = join(process.cwd(), '.demo', 'secrets.json');
  if (!username || !existsSync(file)) {
    console.error(
      'usage: npm run demo:code -- <username> [--uri]   (after `npm run demo` has made its users)',
    );
    return 2;
  }
  const credentials = storedCredentials(new DemoSecrets(file), username);
  if (!credentials) {
    console.error(`No demo user ${username} in .demo/secrets.json (e.g. westminster.practitioner)`);
    return 2;
  }
  if (args.includes('--uri')) {
    console.log(
      `otpauth://totp/ContactPoint:${encodeURIComponent(username)}?secret=${credentials.totpSecret}&issuer=ContactPoint`,
    );
    return 0;
  }
  const secondsLeft = 30 - (Math.floor(Date.now() / 1000) % 30);
  console.log(
    `${totpCode(credentials.totpSecret)}  (for ${username}; changes in ${secondsLeft} s, next ${totpCode(credentials.totpSecret, 1)})`,
  );
  return 0;
}

process.exit(main(process.argv.slice(2)));
