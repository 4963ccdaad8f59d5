import forge from 'node-forge';
import * as x509 from './pkix';
import { createHash, createPrivateKey, createPublicKey, randomBytes, X509Certificate } from 'node:crypto';
import { FEDERATION_ORGANISATION, HUB_URI, isLaCode, laCommonName, laUri } from './identity';
import { keyAlgorithmOf, publicKeyOf, UnsupportedKeyError } from './keys';
import {
  createRequestDer,
  requestParts,
  requestSignatureHolds,
  signCertificateWithSpki,
  spkiDer,
  type RequestParts,
} from './x509-der';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Certificates start a little in the past so small clock differences do not refuse a fresh one. */
const BACKDATE_MS = 5 * 60 * 1000;

export const LA_CERT_MIN_DAYS = 30;
export const LA_CERT_MAX_DAYS = 90;
export const LA_CERT_DEFAULT_DAYS = 60;

type SubjectAttribute = { shortName?: string; name?: string; value: string };
type AltName = { type: number; value?: string; ip?: string };

export interface CaMaterial {
  certificatePem: string;
  /** The CA private key, unencrypted PKCS#8: only ever held in memory. */
  privateKeyPem: string;
}

/** A fresh positive 128-bit serial, hex, lower case, no leading zero byte. */
export function newSerial(): string {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0] & 0x7f) | 0x01;
  return bytes.toString('hex');
}

/** SHA-256 of the certificate's DER, hex: the federation's name for one certificate. */
export function certificateFingerprint(certificatePem: string): string {
  return createHash('sha256').update(new X509Certificate(certificatePem).raw).digest('hex');
}

function subjectFor(commonName: string, serial: string, unit?: string): SubjectAttribute[] {
  const attributes: SubjectAttribute[] = [
    { shortName: 'CN', value: commonName },
    { shortName: 'O', value: FEDERATION_ORGANISATION },
  ];
  if (unit) attributes.push({ shortName: 'OU', value: unit });
  // The serial in the subject gives every certificate its own NATS user (verify_and_map), so revoking one
  // certificate removes exactly that certificate's access, even while a renewed one of the same LA is live.
  attributes.push({ name: 'serialNumber', value: serial });
  return attributes;
}

export interface IssueOptions {
  ca: CaMaterial;
  publicKeyPem: string;
  commonName: string;
  unit?: string;
  notBefore: Date;
  notAfter: Date;
  altNames: AltName[];
  keyUsage: Record<string, boolean>;
  extKeyUsage: Record<string, boolean>;
  serial?: string;
}

/**
 * The key usage of a party's certificate, by its key: RSA keys sign and encipher (RSA-OAEP sealing, TLS RSA
 * key exchange); EC P-256 keys sign (ECDSA, TLS ECDHE-ECDSA) and agree keys (ECDH sealing).
 */
export function partyKeyUsage(publicKeyPem: string): Record<string, boolean> {
  return keyAlgorithmOf(createPublicKey(publicKeyPem)) === 'rsa'
    ? { digitalSignature: true, keyEncipherment: true }
    : { digitalSignature: true, keyAgreement: true };
}

/**
 * The one place certificates are signed. Policy (validity bounds, names) sits in the callers below. The
 * subject key may be RSA or EC P-256; the CA key is RSA (an RSA CA signing EC leaves is ordinary, and keeps
 * every certificate already issued valid). forge lays the certificate out; x509-der.ts puts the subject key
 * in (forge cannot write an EC key) and signs with node:crypto (forge's JavaScript RSA took ~100 ms).
 */
export function issueCertificate(options: IssueOptions): { certificatePem: string; serial: string } {
  const serial = options.serial ?? newSerial();
  const caCert = forge.pki.certificateFromPem(options.ca.certificatePem);
  keyAlgorithmOf(createPublicKey(options.publicKeyPem)); // refuses keys the federation does not use
  const cert = forge.pki.createCertificate();
  // The subject key goes in after layout (forge writes RSA keys only): until then the CA's key holds its place.
  cert.publicKey = caCert.publicKey;
  cert.serialNumber = serial;
  cert.validity.notBefore = options.notBefore;
  cert.validity.notAfter = options.notAfter;
  cert.setSubject(subjectFor(options.commonName, serial, options.unit));
  cert.setIssuer(caCert.subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', critical: true, ...options.keyUsage },
    { name: 'extKeyUsage', ...options.extKeyUsage },
    { name: 'subjectAltName', altNames: options.altNames },
    { name: 'subjectKeyIdentifier' },
    { name: 'authorityKeyIdentifier', keyIdentifier: caCert.generateSubjectKeyIdentifier().getBytes() },
  ]);
  const certificatePem = signCertificateWithSpki(
    cert,
    spkiDer(options.publicKeyPem),
    options.ca.privateKeyPem,
  );
  return { certificatePem, serial };
}

/**
 * Creates the federation's self-signed root (an RSA key: RSA-3072 is what create-federation-ca makes). The
 * caller encrypts the key before it touches a disk.
 */
export function createCaCertificate(input: {
  privateKeyPem: string;
  name?: string;
  validityDays?: number;
  now?: Date;
}): string {
  const now = input.now ?? new Date();
  const serial = newSerial();
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKeyOf(input.privateKeyPem));
  cert.serialNumber = serial;
  cert.validity.notBefore = new Date(now.getTime() - BACKDATE_MS);
  cert.validity.notAfter = new Date(now.getTime() + (input.validityDays ?? 3650) * DAY_MS);
  const subject = [
    { shortName: 'CN', value: input.name ?? 'ContactPoint Federation CA' },
    { shortName: 'O', value: FEDERATION_ORGANISATION },
  ];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, pathLenConstraint: 0, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  return signCertificateWithSpki(cert, spkiDer(publicKeyOf(input.privateKeyPem)), input.privateKeyPem);
}

/** The hub's certificate: TLS server (HTTPS, and NATS if it runs it) and client of NATS. */
export function issueHubCertificate(input: {
  ca: CaMaterial;
  publicKeyPem: string;
  dnsNames?: string[];
  ipAddresses?: string[];
  validityDays?: number;
  now?: Date;
}): { certificatePem: string; serial: string } {
  const now = input.now ?? new Date();
  const dnsNames = ['localhost', ...(input.dnsNames ?? []).filter((name) => name !== 'localhost')];
  const ips = ['127.0.0.1', ...(input.ipAddresses ?? []).filter((ip) => ip !== '127.0.0.1')];
  return issueCertificate({
    ca: input.ca,
    publicKeyPem: input.publicKeyPem,
    commonName: 'hub',
    notBefore: new Date(now.getTime() - BACKDATE_MS),
    notAfter: new Date(now.getTime() + (input.validityDays ?? 90) * DAY_MS),
    altNames: [
      { type: 6, value: HUB_URI },
      ...dnsNames.map((value) => ({ type: 2, value })),
      ...ips.map((ip) => ({ type: 7, ip })),
    ],
    keyUsage: partyKeyUsage(input.publicKeyPem),
    extKeyUsage: { serverAuth: true, clientAuth: true },
  });
}

/** A certificate signing request made at a node, over a key generated there (RSA or EC P-256). */
export function createCertificateRequest(input: { laCode: string; privateKeyPem: string }): string {
  if (!isLaCode(input.laCode)) throw new Error('Not an LA code');
  const subject = [
    { shortName: 'CN', value: laCommonName(input.laCode) },
    { shortName: 'O', value: FEDERATION_ORGANISATION },
    { shortName: 'OU', value: input.laCode },
  ];
  keyAlgorithmOf(createPrivateKey(input.privateKeyPem)); // refuses keys the federation does not use
  const der = createRequestDer(subject, input.privateKeyPem);
  return forge.pem.encode({ type: 'CERTIFICATE REQUEST', body: der.toString('binary') });
}

/** Why a certificate request is refused; thrown as CsrRejectedError. */
export class CsrRejectedError extends Error {
  constructor(
    readonly rule: 'malformed' | 'bad-signature' | 'weak-key' | 'la-mismatch',
    message: string,
  ) {
    super(message);
    this.name = 'CsrRejectedError';
  }
}

function requestDer(csrPem: string): Buffer {
  const blocks = forge.pem.decode(csrPem);
  if (blocks.length !== 1 || blocks[0].type !== 'CERTIFICATE REQUEST') throw new Error('not one request');
  return Buffer.from(blocks[0].body, 'binary');
}

/**
 * The public key (SPKI PEM) of a CSR whose self-signature holds, whose key is RSA of at least 2048 bits or
 * EC P-256, and whose LA matches. Read with x509-der.ts (forge reads RSA requests only), verified by node:crypto
 * with the algorithm the request's own key allows.
 */
export function checkCertificateRequest(csrPem: string, laCode: string): string {
  let parts: RequestParts;
  let subject: x509.Name;
  try {
    const der = requestDer(csrPem);
    parts = requestParts(der);
    subject = new x509.Pkcs10CertificateRequest(der).subjectName;
  } catch {
    throw new CsrRejectedError('malformed', 'The certificate request is not a PEM PKCS#10 request');
  }
  try {
    keyAlgorithmOf(parts.publicKey);
  } catch (error) {
    if (!(error instanceof UnsupportedKeyError)) throw error;
    throw new CsrRejectedError('weak-key', 'The key must be RSA of at least 2048 bits or EC P-256');
  }
  if (!requestSignatureHolds(parts))
    throw new CsrRejectedError('bad-signature', 'The certificate request signature is wrong');
  const units = subject.getField('OU');
  if (units.length > 1 || (units.length === 1 && units[0] !== laCode))
    throw new CsrRejectedError('la-mismatch', 'The request names another LA than the enrolment token');
  return parts.publicKey.export({ type: 'spki', format: 'pem' }).toString();
}

/**
 * Issues an LA's certificate from its CSR. The LA code comes from the enrolment (token or current
 * certificate), never from the request: the request's subject is only checked against it.
 */
export function issueLaCertificate(input: {
  ca: CaMaterial;
  csrPem: string;
  laCode: string;
  validityDays?: number;
  now?: Date;
}): { certificatePem: string; serial: string } {
  const days = input.validityDays ?? LA_CERT_DEFAULT_DAYS;
  if (!Number.isInteger(days) || days < LA_CERT_MIN_DAYS || days > LA_CERT_MAX_DAYS)
    throw new RangeError(`LA certificates last ${LA_CERT_MIN_DAYS} to ${LA_CERT_MAX_DAYS} days`);
  if (!isLaCode(input.laCode)) throw new CsrRejectedError('la-mismatch', 'Not an LA code');
  const publicKeyPem = checkCertificateRequest(input.csrPem, input.laCode);
  const now = input.now ?? new Date();
  return issueCertificate({
    ca: input.ca,
    publicKeyPem,
    commonName: laCommonName(input.laCode),
    unit: input.laCode,
    notBefore: new Date(now.getTime() - BACKDATE_MS),
    notAfter: new Date(now.getTime() + days * DAY_MS),
    altNames: [{ type: 6, value: laUri(input.laCode) }],
    keyUsage: partyKeyUsage(publicKeyPem),
    extKeyUsage: { clientAuth: true },
  });
}
