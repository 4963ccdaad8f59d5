import forge from 'node-forge';
import { X509Certificate } from 'node:crypto';
import { certificateFingerprint } from './certificates';
import {
  HUB_URI,
  LA_URI_PREFIX,
  OPERATOR_URI_PREFIX,
  isLaCode,
  isOperatorName,
  laCommonName,
  operatorCommonName,
  type FederationIdentity,
} from './identity';

export type CertificateRejection =
  | 'malformed'
  | 'expired'
  | 'not-yet-valid'
  | 'wrong-issuer'
  | 'bad-signature'
  | 'revoked'
  | 'wrong-key-usage'
  | 'identity-mismatch';

export interface VerifiedCertificate {
  certificatePem: string;
  serial: string;
  fingerprint: string;
  identity: FederationIdentity;
  notBefore: Date;
  notAfter: Date;
}

export type CertificateCheck =
  | { ok: true; certificate: VerifiedCertificate }
  | { ok: false; reason: CertificateRejection; detail: string };

export interface VerifyCertificateOptions {
  caCertificatePem: string;
  now?: Date;
  /** Serials (lower-case hex) the CA has revoked. */
  isRevoked?: (serial: string) => boolean;
  /** What the certificate must be: an LA's client certificate, the hub's, or an operator's. */
  expect: FederationIdentity['kind'] | 'any';
}

function refuse(reason: CertificateRejection, detail: string): CertificateCheck {
  return { ok: false, reason, detail };
}

function uriNames(cert: forge.pki.Certificate): string[] {
  const san = cert.getExtension('subjectAltName') as { altNames?: { type: number; value: string }[] } | null;
  return (san?.altNames ?? []).filter((name) => name.type === 6).map((name) => name.value);
}

function field(cert: forge.pki.Certificate, shortName: string): string | undefined {
  const found = cert.subject.getField(shortName) as { value: string } | null;
  return found?.value;
}

/** The identity a certificate speaks for: from its SAN URI, refused when the subject disagrees. */
export function identityOf(certificatePem: string): FederationIdentity | { mismatch: string } {
  const cert = forge.pki.certificateFromPem(certificatePem);
  const uris = uriNames(cert);
  const la = uris.filter((uri) => uri.startsWith(LA_URI_PREFIX));
  const hub = uris.includes(HUB_URI);
  const operators = uris.filter((uri) => uri.startsWith(OPERATOR_URI_PREFIX));
  if (operators.length > 0) {
    if (operators.length !== 1 || la.length > 0 || hub)
      return { mismatch: 'certificate names no single federation identity' };
    const name = operators[0].slice(OPERATOR_URI_PREFIX.length);
    if (!isOperatorName(name)) return { mismatch: 'SAN URI carries no valid operator name' };
    if (field(cert, 'CN') !== operatorCommonName(name) || field(cert, 'OU') !== undefined)
      return { mismatch: 'subject does not match the SAN operator name' };
    return { kind: 'operator', name };
  }
  if (la.length === 1 && !hub) {
    const laCode = la[0].slice(LA_URI_PREFIX.length);
    if (!isLaCode(laCode)) return { mismatch: 'SAN URI carries no valid LA code' };
    if (field(cert, 'CN') !== laCommonName(laCode) || field(cert, 'OU') !== laCode)
      return { mismatch: 'subject does not match the SAN LA code' };
    return { kind: 'la', laCode };
  }
  if (hub && la.length === 0) {
    if (field(cert, 'CN') !== 'hub') return { mismatch: 'subject does not match the hub SAN' };
    return { kind: 'hub' };
  }
  return { mismatch: 'certificate names no single federation identity' };
}

function usageProblem(cert: forge.pki.Certificate, expect: FederationIdentity['kind']): string | undefined {
  const basic = cert.getExtension('basicConstraints') as { cA?: boolean } | null;
  if (basic?.cA) return 'a CA certificate cannot be a party';
  const keyUsage = cert.getExtension('keyUsage') as { digitalSignature?: boolean } | null;
  if (!keyUsage?.digitalSignature) return 'keyUsage lacks digitalSignature';
  const ext = cert.getExtension('extKeyUsage') as { clientAuth?: boolean; serverAuth?: boolean } | null;
  if (!ext?.clientAuth) return 'extKeyUsage lacks clientAuth';
  if (expect === 'hub' && !ext.serverAuth) return 'extKeyUsage lacks serverAuth';
  if (expect === 'operator' && ext.serverAuth) return 'an operator certificate cannot serve TLS';
  return undefined;
}

/**
 * Verifies a party's certificate against the federation CA: issuer, signature, time, revocation,
 * key usage, and that it names exactly one identity consistently. Reasons are typed for logs and tests.
 */
export function verifyCertificate(
  certificatePem: string,
  options: VerifyCertificateOptions,
): CertificateCheck {
  let x509: X509Certificate;
  let cert: forge.pki.Certificate;
  const ca = new X509Certificate(options.caCertificatePem);
  try {
    x509 = new X509Certificate(certificatePem);
    cert = forge.pki.certificateFromPem(certificatePem);
  } catch {
    return refuse('malformed', 'not a PEM X.509 certificate');
  }
  if (!x509.checkIssued(ca)) return refuse('wrong-issuer', 'not issued by the federation CA');
  if (!x509.verify(ca.publicKey)) return refuse('bad-signature', 'signature does not verify with the CA key');
  const now = options.now ?? new Date();
  const notBefore = new Date(x509.validFrom);
  const notAfter = new Date(x509.validTo);
  if (now < notBefore) return refuse('not-yet-valid', `valid from ${notBefore.toISOString()}`);
  if (now > notAfter) return refuse('expired', `expired at ${notAfter.toISOString()}`);
  const serial = x509.serialNumber.toLowerCase();
  if (options.isRevoked?.(serial)) return refuse('revoked', `serial ${serial} is revoked`);
  const identity = identityOf(certificatePem);
  if ('mismatch' in identity) return refuse('identity-mismatch', identity.mismatch);
  if (options.expect !== 'any' && identity.kind !== options.expect)
    return refuse('identity-mismatch', `expected a ${options.expect} certificate`);
  const problem = usageProblem(cert, identity.kind);
  if (problem) return refuse('wrong-key-usage', problem);
  return {
    ok: true,
    certificate: {
      certificatePem,
      serial,
      fingerprint: certificateFingerprint(certificatePem),
      identity,
      notBefore,
      notAfter,
    },
  };
}
