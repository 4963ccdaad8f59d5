import forge from 'node-forge';
import { issueCertificate, type CaMaterial } from './certificates';
import { isOperatorName, operatorCommonName, operatorUri } from './identity';
import { keyKindOf } from './keys';

const DAY_MS = 24 * 60 * 60 * 1000;
const BACKDATE_MS = 5 * 60 * 1000;

export const OPERATOR_CERT_DEFAULT_DAYS = 90;
export const OPERATOR_CERT_MAX_DAYS = 397;

/**
 * A hub operator's client certificate: `urn:contactpoint:operator:<name>`, clientAuth only. It opens the
 * hub's console and operations API; it names no LA and gets no bus user, so it can send nothing on NATS.
 */
export function issueOperatorCertificate(input: {
  ca: CaMaterial;
  publicKeyPem: string;
  name: string;
  validityDays?: number;
  now?: Date;
}): { certificatePem: string; serial: string } {
  if (!isOperatorName(input.name))
    throw new RangeError('An operator name is 2 to 63 lower-case letters, digits or hyphens');
  const days = input.validityDays ?? OPERATOR_CERT_DEFAULT_DAYS;
  if (!Number.isInteger(days) || days < 1 || days > OPERATOR_CERT_MAX_DAYS)
    throw new RangeError(`Operator certificates last 1 to ${OPERATOR_CERT_MAX_DAYS} days`);
  const now = input.now ?? new Date();
  return issueCertificate({
    ca: input.ca,
    publicKeyPem: input.publicKeyPem,
    commonName: operatorCommonName(input.name),
    notBefore: new Date(now.getTime() - BACKDATE_MS),
    notAfter: new Date(now.getTime() + days * DAY_MS),
    altNames: [{ type: 6, value: operatorUri(input.name) }],
    keyUsage: { digitalSignature: true },
    extKeyUsage: { clientAuth: true },
  });
}

/**
 * A PKCS#12 file (key, certificate and the CA) under a passphrase, for a browser or a TLS client to import.
 * The key (RSA) is shrouded with PBES2 (PBKDF2, AES-256-CBC); node-forge's MAC is HMAC-SHA1. Browsers, OpenSSL 3
 * and Node's TLS read it; the CA certificate inside lets a TLS client trust the hub without other setup.
 */
export function toPkcs12(input: {
  privateKeyPem: string;
  certificatePem: string;
  caCertificatePem: string;
  passphrase: string;
  friendlyName: string;
}): Buffer {
  if (input.passphrase.length < 12) throw new Error('The PKCS#12 passphrase must be at least 12 characters');
  // node-forge writes PKCS#12 for RSA keys only: operators' browser certificates stay RSA (keyKindOf says).
  if (keyKindOf(input.privateKeyPem) === 'ec-p256')
    throw new Error('PKCS#12 export takes an RSA operator key');
  const asn1 = forge.pkcs12.toPkcs12Asn1(
    forge.pki.privateKeyFromPem(input.privateKeyPem),
    [
      forge.pki.certificateFromPem(input.certificatePem),
      forge.pki.certificateFromPem(input.caCertificatePem),
    ],
    input.passphrase,
    {
      algorithm: 'aes256',
      friendlyName: input.friendlyName,
      generateLocalKeyId: true,
      saltSize: 16,
      count: 20_000,
    },
  );
  return Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary');
}
