import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where the hub keeps its PKI material; private keys are written 0600 (service account only). */
export class HubPkiFiles {
  constructor(readonly dir: string) {}

  get caCertificate(): string {
    return join(this.dir, 'ca.crt');
  }
  get caEncryptedKey(): string {
    return join(this.dir, 'ca.key.enc');
  }
  get hubCertificate(): string {
    return join(this.dir, 'hub.crt');
  }
  get hubKey(): string {
    return join(this.dir, 'hub.key');
  }

  exists(): boolean {
    return existsSync(this.caCertificate) && existsSync(this.hubCertificate) && existsSync(this.hubKey);
  }

  read(path: string): string {
    return readFileSync(path, 'utf8');
  }

  /** Writes via a temporary file and rename, so a reader never sees half a file. */
  write(path: string, content: string, secret: boolean): void {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const temporary = `${path}.tmp`;
    writeFileSync(temporary, content, { mode: secret ? 0o600 : 0o644 });
    if (secret) chmodSync(temporary, 0o600);
    renameSync(temporary, path);
  }
}
