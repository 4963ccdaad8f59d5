import {
  appendFileSync,
  chmodSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  writeFileSync,
} from 'node:fs';
import { EventEmitter } from 'node:events';
import { join, resolve } from 'node:path';
import { X509Certificate } from 'node:crypto';
import {
  certificateFingerprint,
  publicKeyOf,
  verifyCertificate,
  type IssuanceHead,
  type VerifiedCertificate,
} from '@cp/pki';

/** Certificates installed by this process, by directory (one node process may run several links). */
const installations = new EventEmitter().setMaxListeners(50);
/** What a node needs to take part in the federation, read from FEDERATION_DIR. */
export interface FederationCredentials {
  laCode: string;
  privateKeyPem: string;
  certificatePem: string;
  caCertificatePem: string;
  hubCertificatePem: string;
  certificate: VerifiedCertificate;
}

/** Why stored credentials cannot be used, in words an LA IT team can act on. */
export class CredentialsProblem extends Error {
  constructor(
    readonly reason: 'not-enrolled' | 'expired' | 'invalid',
    message: string,
  ) {
    super(message);
    this.name = 'CredentialsProblem';
  }
}

/**
 * The node's key, certificate, CA and hub certificates on disk. Private keys are written 0600 and never
 * leave this directory; replacing files goes through a temporary file and a rename.
 */
export class FederationCertificateStore {
  readonly paths: {
    key: string;
    nextKey: string;
    certificate: string;
    ca: string;
    hub: string;
    knownFingerprints: string;
    issuanceHead: string;
  };

  constructor(readonly dir: string) {
    this.paths = {
      key: join(dir, 'node.key'),
      nextKey: join(dir, 'node.next.key'),
      certificate: join(dir, 'node.crt'),
      ca: join(dir, 'ca.crt'),
      hub: join(dir, 'hub.crt'),
      knownFingerprints: join(dir, 'issued-to-us.txt'),
      issuanceHead: join(dir, 'issuance-head.json'),
    };
  }

  private write(path: string, content: string, secret: boolean): void {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const temporary = `${path}.tmp`;
    writeFileSync(temporary, content, { mode: secret ? 0o600 : 0o644 });
    if (secret) chmodSync(temporary, 0o600);
    renameSync(temporary, path);
  }

  /** Keeps a new key before its certificate exists (enrolment and renewal), readable by the service alone. */
  writePendingKey(privateKeyPem: string): void {
    this.write(this.paths.nextKey, privateKeyPem, true);
  }

  readPendingKey(): string {
    return readFileSync(this.paths.nextKey, 'utf8');
  }

  /** Installs a certificate for the pending key, making it the current one. */
  install(input: { certificatePem: string; caCertificatePem: string; hubCertificatePem?: string }): void {
    this.write(this.paths.ca, input.caCertificatePem, false);
    if (input.hubCertificatePem) this.write(this.paths.hub, input.hubCertificatePem, false);
    this.write(this.paths.certificate, input.certificatePem, false);
    renameSync(this.paths.nextKey, this.paths.key);
    appendFileSync(this.paths.knownFingerprints, `${certificateFingerprint(input.certificatePem)}\n`);
    installations.emit('installed', resolve(this.dir));
  }

  /**
   * Calls `listener` whenever this process installs a certificate in `dir` (a renewal), so every bus link
   * moves to it at once rather than at its next periodic check. Returns how to stop listening.
   */
  static onInstalled(dir: string, listener: () => void): () => void {
    const key = resolve(dir);
    const handler = (installedIn: string) => {
      if (installedIn === key) listener();
    };
    installations.on('installed', handler);
    return () => installations.off('installed', handler);
  }

  /** Replaces the hub's certificate (after the hub renewed it); the caller has verified it. */
  updateHubCertificate(hubCertificatePem: string): void {
    this.write(this.paths.hub, hubCertificatePem, false);
  }

  knownFingerprints(): string[] {
    if (!existsSync(this.paths.knownFingerprints)) return [];
    return readFileSync(this.paths.knownFingerprints, 'utf8').split('\n').filter(Boolean);
  }

  /** The issuance log's last entry this node saw: a later log must still contain it unchanged. */
  issuanceHead(): IssuanceHead | undefined {
    if (!existsSync(this.paths.issuanceHead)) return undefined;
    return JSON.parse(readFileSync(this.paths.issuanceHead, 'utf8')) as IssuanceHead;
  }

  rememberIssuanceHead(head: IssuanceHead): void {
    this.write(this.paths.issuanceHead, JSON.stringify(head), false);
  }

  isEnrolled(): boolean {
    return [this.paths.key, this.paths.certificate, this.paths.ca, this.paths.hub].every((path) =>
      existsSync(path),
    );
  }

  /** Loads and checks the credentials for this LA at `now`; throws CredentialsProblem. */
  load(laCode: string, now = new Date()): FederationCredentials {
    if (!this.isEnrolled())
      throw new CredentialsProblem('not-enrolled', `No federation certificate in ${this.dir}: enrol first`);
    const read = (path: string): string => readFileSync(path, 'utf8');
    const credentials = {
      laCode,
      privateKeyPem: read(this.paths.key),
      certificatePem: read(this.paths.certificate),
      caCertificatePem: read(this.paths.ca),
      hubCertificatePem: read(this.paths.hub),
    };
    return { ...credentials, certificate: checkCredentials(credentials, now) };
  }
}

/** Checks a certificate is ours: from the CA, for this LA, in date, and for the key we hold. */
export function checkCredentials(
  input: { laCode: string; privateKeyPem: string; certificatePem: string; caCertificatePem: string },
  now = new Date(),
): VerifiedCertificate {
  const check = verifyCertificate(input.certificatePem, {
    caCertificatePem: input.caCertificatePem,
    now,
    expect: 'la',
  });
  if (!check.ok) {
    const reason = check.reason === 'expired' ? 'expired' : 'invalid';
    throw new CredentialsProblem(
      reason,
      reason === 'expired'
        ? `The federation certificate ${check.detail}: federation traffic is stopped. Re-enrol with a new token (docs/operations.md)`
        : `The federation certificate is unusable (${check.reason}: ${check.detail})`,
    );
  }
  const identity = check.certificate.identity;
  if (identity.kind !== 'la' || identity.laCode !== input.laCode)
    throw new CredentialsProblem('invalid', `The certificate is not for LA ${input.laCode}`);
  const certificateKey = new X509Certificate(input.certificatePem).publicKey.export({
    type: 'spki',
    format: 'pem',
  });
  if (certificateKey.toString() !== publicKeyOf(input.privateKeyPem))
    throw new CredentialsProblem('invalid', 'The certificate is not for the key this node holds');
  return check.certificate;
}
