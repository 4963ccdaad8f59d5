import { readFileSync } from 'node:fs';
import { X509Certificate } from 'node:crypto';
import { UnavailableError } from '@cp/errors';
import { certificateFingerprint } from '@cp/pki';
import type { FederationCertificateStore } from './certificate-store';

const DAY_MS = 24 * 3600_000;
/** Under this many days left, the certificate needs attention (the consoles and alerts warn). */
export const CERTIFICATE_WARNING_DAYS = 14;

/** The node's federation certificate as its administrators and monitoring see it: no key material. */
export interface CertificateSummary {
  enrolled: boolean;
  laCode: string;
  serialNumber: string | null;
  notBefore: string | null;
  notAfter: string | null;
  /** Whole days until notAfter (negative once expired). */
  daysLeft: number | null;
  /** SHA-256 of the certificate (hex), as in the CA's issuance log. */
  fingerprint: string | null;
  /** Fewer than 14 days left, or expired. */
  expiryWarning: boolean;
}

/** The stored certificate cannot be read: the LA IT team should re-enrol. */
export class UnreadableCertificateError extends UnavailableError {
  constructor() {
    super('The stored federation certificate cannot be read: re-enrol (docs/operations.md)');
  }
}

/**
 * Reads the certificate in the store, whether or not it is still valid, so an expired one is reported
 * rather than hidden. `federationDir` unset means the node runs without federation: not enrolled.
 */
export function certificateSummary(
  store: FederationCertificateStore,
  input: { laCode: string; federationDir?: string },
  now: Date = new Date(),
): CertificateSummary {
  if (!input.federationDir || !store.isEnrolled()) {
    return {
      enrolled: false,
      laCode: input.laCode,
      serialNumber: null,
      notBefore: null,
      notAfter: null,
      daysLeft: null,
      fingerprint: null,
      expiryWarning: false,
    };
  }
  let pem: string;
  let certificate: X509Certificate;
  try {
    pem = readFileSync(store.paths.certificate, 'utf8');
    certificate = new X509Certificate(pem);
  } catch {
    throw new UnreadableCertificateError();
  }
  const notAfter = new Date(certificate.validTo);
  const remainingMs = notAfter.getTime() - now.getTime();
  return {
    enrolled: true,
    laCode: input.laCode,
    serialNumber: certificate.serialNumber.toLowerCase(),
    notBefore: new Date(certificate.validFrom).toISOString(),
    notAfter: notAfter.toISOString(),
    daysLeft: Math.floor(remainingMs / DAY_MS),
    fingerprint: certificateFingerprint(pem),
    expiryWarning: remainingMs < CERTIFICATE_WARNING_DAYS * DAY_MS,
  };
}

/** Fractional days left (for metrics), or undefined when not enrolled. */
export function certificateDaysLeft(summary: CertificateSummary, now: Date = new Date()): number | undefined {
  if (!summary.notAfter) return undefined;
  return (new Date(summary.notAfter).getTime() - now.getTime()) / DAY_MS;
}
