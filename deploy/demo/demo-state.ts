import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The demo keeps everything it must remember between runs under .demo/ at the repository root. */
export function demoDirectory(): string {
  // npm runs scripts from the package root, so the working directory is the repository.
  const dir = join(process.cwd(), '.demo');
  mkdirSync(dir, { recursive: true });
  // Others may pass through (the embedded database runs as the `postgres` user when the demo runs as root)
  // but not list it; the secrets file inside is readable by its owner only.
  chmodSync(dir, 0o711);
  return dir;
}

/**
 * Secrets generated on the first run and kept (readable by the owner only) so that a restart keeps
 * access tokens valid and the embedded database's password unchanged.
 */
export class DemoSecrets {
  private readonly values: Record<string, string>;

  constructor(private readonly file: string) {
    this.values = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>) : {};
  }

  static in(dir: string): DemoSecrets {
    return new DemoSecrets(join(dir, 'secrets.json'));
  }

  /** The value stored under `name`, if any (e.g. a demo user's credentials). */
  find(name: string): string | undefined {
    return this.values[name];
  }

  /** Stores a value the demo made itself (a demo user's password and TOTP secret). */
  set(name: string, value: string): void {
    this.values[name] = value;
    this.save();
  }

  private save(): void {
    writeFileSync(this.file, `${JSON.stringify(this.values, null, 2)}\n`, { mode: 0o600 });
  }

  /** The secret stored under `name`, created from 32 random bytes the first time it is asked for. */
  get(name: string, encoding: 'base64url' | 'base64' | 'hex' = 'base64url'): string {
    let value = this.values[name];
    if (value === undefined) {
      value = randomBytes(32).toString(encoding);
      this.values[name] = value;
      this.save();
    }
    return value;
  }
}
