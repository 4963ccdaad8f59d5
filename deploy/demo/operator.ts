import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import forge from 'node-forge';
import { certificateFingerprint } from '@cp/pki';
import type { DemoSecrets } from './demo-state';

/** The demo's hub operator: a client certificate for the hub operators' console, issued once. */
export const DEMO_OPERATOR = 'demo-operator';
/** Where its passphrase is kept in .demo/secrets.json. */
export const OPERATOR_PASSPHRASE_SECRET = 'operatorP12Passphrase';
/** A certificate with fewer days left than this is replaced at the next start. */
const RENEW_BEFORE_MS = 7 * 24 * 3600_000;
/** The longest an operator certificate may last (the hub's limit): the demo asks for it. */
export const DEMO_OPERATOR_DAYS = 397;

/** The PKCS#12 file (key, certificate, CA) next to the rest of the demo's PKI. */
export function operatorP12File(demoDir: string): string {
  return join(demoDir, 'pki', `${DEMO_OPERATOR}.p12`);
}

/** The passphrase of the demo operator's PKCS#12 file, made once (43 characters) and kept. */
export function operatorPassphrase(secrets: DemoSecrets): string {
  return secrets.get(OPERATOR_PASSPHRASE_SECRET);
}

/**
 * True when the file holds an operator certificate this CA issued that is good for another week and opens
 * with the passphrase: otherwise (first run, a new CA after .demo/pki/hub was deleted, near expiry) the demo
 * issues a new one.
 */
export function operatorCertificateUsable(
  file: string,
  passphrase: string,
  caCertificatePem: string,
  now = new Date(),
): boolean {
  if (!existsSync(file)) return false;
  let certificates: forge.pki.Certificate[];
  try {
    const der = readFileSync(file).toString('binary');
    const p12 = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(der), passphrase);
    const bags = p12.getBags({ bagType: forge.pki.oids.certBag })[forge.pki.oids.certBag] ?? [];
    certificates = bags.flatMap((bag) => (bag.cert ? [bag.cert] : []));
  } catch {
    return false; // unreadable, or another passphrase
  }
  const caFingerprint = certificateFingerprint(caCertificatePem);
  const fromThisCa = certificates.some(
    (cert) => certificateFingerprint(forge.pki.certificateToPem(cert)) === caFingerprint,
  );
  const operator = certificates.find(
    (cert) =>
      (cert.subject.getField('CN') as { value?: unknown } | null)?.value === `operator-${DEMO_OPERATOR}`,
  );
  return (
    fromThisCa &&
    operator !== undefined &&
    operator.validity.notAfter.getTime() - now.getTime() > RENEW_BEFORE_MS
  );
}

/** The hub subcommand that issues it (run like the demo's other hub commands, against the hub's database). */
export function operatorCommand(file: string): string[] {
  return [
    'operator:certificate',
    '--name',
    DEMO_OPERATOR,
    '--out',
    file,
    '--days',
    String(DEMO_OPERATOR_DAYS),
  ];
}

/** How to open the console, for the table the demo prints. */
export function consoleHowTo(input: {
  hubPort: number;
  p12File: string;
  caFile: string;
  passphrase: string;
}): string[] {
  return [
    `Hub operators' console: https://localhost:${input.hubPort}/console/ (a client certificate is the sign-in).`,
    `  Import ${input.p12File} into the browser's own certificates (passphrase ${input.passphrase}),`,
    `  and trust ${input.caFile} for websites; see docs/operations.md, "Operator certificates".`,
  ];
}
