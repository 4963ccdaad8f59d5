import * as pkix from './pkix';
import { createHash, X509Certificate } from 'node:crypto';
import { keyAlgorithmOf, UnsupportedKeyError } from './keys';
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

/** The SAN URIs of a certificate. Parsed with @peculiar/x509: node-forge cannot read EC certificates. */
function uriNames(cert: pkix.X509Certificate): string[] {
  const san = cert.getExtension(pkix.SubjectAlternativeNameExtension);
  return (san?.names.items ?? []).filter((name) => name.type === 'url').map((name) => name.value);
}

/** A subject attribute, or undefined when absent; an attribute given twice reads as absent-and-wrong. */
function field(cert: pkix.X509Certificate, shortName: string): string | undefined {
  const values = cert.subjectName.getField(shortName);
  if (values.length > 1) return '\u0000several';
  return values[0];
}

/** The identity a certificate speaks for: from its SAN URI, refused when the subject disagrees. */
export function identityOf(certificatePem: string): FederationIdentity | { mismatch: string } {
  return identityOfParsed(new pkix.X509Certificate(certificatePem));
}

function identityOfParsed(cert: pkix.X509Certificate): FederationIdentity | { mismatch: string } {
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

const EKU_CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';
const EKU_SERVER_AUTH = '1.3.6.1.5.5.7.3.1';

function usageProblem(
  cert: pkix.X509Certificate,
  x509Node: X509Certificate,
  expect: FederationIdentity['kind'],
): string | undefined {
  if (cert.getExtension(pkix.BasicConstraintsExtension)?.ca) return 'a CA certificate cannot be a party';
  let algorithm: ReturnType<typeof keyAlgorithmOf>;
  try {
    algorithm = keyAlgorithmOf(x509Node.publicKey);
  } catch (error) {
    if (!(error instanceof UnsupportedKeyError)) throw error;
    return 'the key is neither RSA of 2048 bits or more nor EC P-256';
  }
  const usages = cert.getExtension(pkix.KeyUsagesExtension)?.usages ?? 0;
  if (!(usages & pkix.KeyUsageFlags.digitalSignature)) return 'keyUsage lacks digitalSignature';
  // An EC party key is sealed to by ECDH, so its certificate must allow key agreement (operators never are).
  if (algorithm === 'ec-p256' && expect !== 'operator' && !(usages & pkix.KeyUsageFlags.keyAgreement))
    return 'keyUsage lacks keyAgreement';
  const ext = (cert.getExtension(pkix.ExtendedKeyUsageExtension)?.usages ?? []).map(String);
  if (!ext.includes(EKU_CLIENT_AUTH)) return 'extKeyUsage lacks clientAuth';
  if (expect === 'hub' && !ext.includes(EKU_SERVER_AUTH)) return 'extKeyUsage lacks serverAuth';
  if (expect === 'operator' && ext.includes(EKU_SERVER_AUTH))
    return 'an operator certificate cannot serve TLS';
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
  let cert: pkix.X509Certificate;
  const ca = new X509Certificate(options.caCertificatePem);
  try {
    x509 = new X509Certificate(certificatePem);
    cert = new pkix.X509Certificate(certificatePem);
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
  const identity = identityOfParsed(cert);
  if ('mismatch' in identity) return refuse('identity-mismatch', identity.mismatch);
  if (options.expect !== 'any' && identity.kind !== options.expect)
    return refuse('identity-mismatch', `expected a ${options.expect} certificate`);
  const problem = usageProblem(cert, x509, identity.kind);
  if (problem) return refuse('wrong-key-usage', problem);
  return {
    ok: true,
    certificate: {
      certificatePem,
      serial,
      // As certificateFingerprint(), from the DER already parsed.
      fingerprint: createHash('sha256').update(x509.raw).digest('hex'),
      identity,
      notBefore,
      notAfter,
    },
  };
}
