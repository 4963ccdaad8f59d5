import { X509Certificate } from 'node:crypto';
import {
  certificateFingerprint,
  checkCertificateRequest,
  createCaCertificate,
  createCertificateRequest,
  CsrRejectedError,
  issueCertificate,
  issueHubCertificate,
  issueLaCertificate,
} from './certificates';
import { decryptPrivateKey, encryptPrivateKey, generateRsaKeyPair, type KeyPairPem } from './keys';
import { verifyCertificate } from './verify-certificate';

jest.setTimeout(30_000); // RSA key generation is slow on a shared 2-core machine

const LA = 'E09000033';
const DAY = 24 * 60 * 60 * 1000;

let ca: { certificatePem: string; privateKeyPem: string };
let otherCa: { certificatePem: string; privateKeyPem: string };
let node: KeyPairPem;

beforeAll(async () => {
  const [caKeys, otherKeys] = await Promise.all([generateRsaKeyPair(2048), generateRsaKeyPair(2048)]);
  ca = { certificatePem: createCaCertificate({ privateKeyPem: caKeys.privateKeyPem }), ...caKeys };
  // Same subject as the real CA: only the signature tells them apart.
  otherCa = { certificatePem: createCaCertificate({ privateKeyPem: otherKeys.privateKeyPem }), ...otherKeys };
  node = await generateRsaKeyPair(2048);
});

function laCert(now?: Date, days?: number): { certificatePem: string; serial: string } {
  const csrPem = createCertificateRequest({ laCode: LA, privateKeyPem: node.privateKeyPem });
  return issueLaCertificate({ ca, csrPem, laCode: LA, now, validityDays: days });
}

describe('CA key at rest', () => {
  it('round-trips under the passphrase and refuses a wrong one', () => {
    const encrypted = encryptPrivateKey(ca.privateKeyPem, 'correct horse battery');
    expect(encrypted).toContain('BEGIN ENCRYPTED PRIVATE KEY');
    expect(decryptPrivateKey(encrypted, 'correct horse battery')).toBe(ca.privateKeyPem);
    expect(() => decryptPrivateKey(encrypted, 'wrong horse battery')).toThrow();
  });
});

describe('LA certificates', () => {
  it('bind the LA code in subject and SAN URI, with client usages and default 60 days', () => {
    const { certificatePem, serial } = laCert();
    const x509 = new X509Certificate(certificatePem);
    expect(x509.subject).toContain(`CN=la-${LA}`);
    expect(x509.subject).toContain(`OU=${LA}`);
    expect(x509.subjectAltName).toBe(`URI:urn:contactpoint:la:${LA}`);
    expect(x509.keyUsage).toEqual(['1.3.6.1.5.5.7.3.2']);
    expect(x509.serialNumber.toLowerCase()).toBe(serial);
    const days = (Date.parse(x509.validTo) - Date.parse(x509.validFrom)) / DAY;
    expect(Math.round(days)).toBe(60);
    const check = verifyCertificate(certificatePem, { caCertificatePem: ca.certificatePem, expect: 'la' });
    expect(check).toMatchObject({ ok: true, certificate: { identity: { kind: 'la', laCode: LA }, serial } });
  });

  it('refuse a validity outside 30 to 90 days', () => {
    expect(() => laCert(undefined, 29)).toThrow(RangeError);
    expect(() => laCert(undefined, 91)).toThrow(RangeError);
    expect(() => laCert(undefined, 90)).not.toThrow();
  });

  it('refuse a CSR naming another LA than the token', () => {
    const csrPem = createCertificateRequest({ laCode: 'E09000001', privateKeyPem: node.privateKeyPem });
    expect(() => checkCertificateRequest(csrPem, LA)).toThrow(CsrRejectedError);
  });

  it('refuse a CSR whose signature was tampered with', () => {
    const csrPem = createCertificateRequest({ laCode: LA, privateKeyPem: node.privateKeyPem });
    const lines = csrPem.trim().split('\n');
    const body = lines.slice(1, -1).join('');
    const der = Buffer.from(body, 'base64');
    der[der.length - 5] ^= 0xff;
    const tampered = `${lines[0]}\n${der.toString('base64')}\n${lines[lines.length - 1]}\n`;
    expect(() => checkCertificateRequest(tampered, LA)).toThrow(CsrRejectedError);
  });
});

describe('verifyCertificate gives typed reasons', () => {
  const verify = (pem: string, now?: Date, revoked: string[] = []): unknown =>
    verifyCertificate(pem, {
      caCertificatePem: ca.certificatePem,
      now,
      expect: 'la',
      isRevoked: (serial) => revoked.includes(serial),
    });

  it('expired and not yet valid', () => {
    const { certificatePem } = laCert();
    expect(verify(certificatePem, new Date(Date.now() + 61 * DAY))).toMatchObject({ reason: 'expired' });
    expect(verify(certificatePem, new Date(Date.now() - DAY))).toMatchObject({ reason: 'not-yet-valid' });
  });

  it('revoked', () => {
    const { certificatePem, serial } = laCert();
    expect(verify(certificatePem, undefined, [serial])).toMatchObject({ ok: false, reason: 'revoked' });
  });

  // node:crypto's checkIssued also compares key identifiers, so the impostor CA is a wrong issuer.
  it('another CA with the same subject: wrong issuer', () => {
    const csrPem = createCertificateRequest({ laCode: LA, privateKeyPem: node.privateKeyPem });
    const forged = issueLaCertificate({ ca: otherCa, csrPem, laCode: LA });
    expect(verify(forged.certificatePem)).toMatchObject({ ok: false, reason: 'wrong-issuer' });
  });

  it('a self-signed certificate: wrong issuer', () => {
    const selfSigned = createCaCertificate({ privateKeyPem: node.privateKeyPem, name: `la-${LA}` });
    expect(verify(selfSigned)).toMatchObject({ ok: false, reason: 'wrong-issuer' });
  });

  it('wrong key usage (server-only certificate for an LA)', () => {
    const { certificatePem } = issueCertificate({
      ca,
      publicKeyPem: node.publicKeyPem,
      commonName: `la-${LA}`,
      unit: LA,
      notBefore: new Date(Date.now() - 1000),
      notAfter: new Date(Date.now() + 30 * DAY),
      altNames: [{ type: 6, value: `urn:contactpoint:la:${LA}` }],
      keyUsage: { keyEncipherment: true },
      extKeyUsage: { serverAuth: true },
    });
    expect(verify(certificatePem)).toMatchObject({ ok: false, reason: 'wrong-key-usage' });
  });

  it('subject and SAN naming different LAs: identity mismatch', () => {
    const { certificatePem } = issueCertificate({
      ca,
      publicKeyPem: node.publicKeyPem,
      commonName: 'la-E09000001',
      unit: 'E09000001',
      notBefore: new Date(Date.now() - 1000),
      notAfter: new Date(Date.now() + 30 * DAY),
      altNames: [{ type: 6, value: `urn:contactpoint:la:${LA}` }],
      keyUsage: { digitalSignature: true },
      extKeyUsage: { clientAuth: true },
    });
    expect(verify(certificatePem)).toMatchObject({ ok: false, reason: 'identity-mismatch' });
  });

  it('the hub certificate names the hub with SANs localhost and 127.0.0.1', () => {
    const hub = issueHubCertificate({ ca, publicKeyPem: node.publicKeyPem, dnsNames: ['hub.example'] });
    const x509 = new X509Certificate(hub.certificatePem);
    expect(x509.subjectAltName).toContain('DNS:localhost');
    expect(x509.subjectAltName).toContain('IP Address:127.0.0.1');
    expect(x509.subjectAltName).toContain('DNS:hub.example');
    expect(
      verifyCertificate(hub.certificatePem, { caCertificatePem: ca.certificatePem, expect: 'hub' }),
    ).toMatchObject({ ok: true, certificate: { identity: { kind: 'hub' } } });
    expect(
      verifyCertificate(hub.certificatePem, { caCertificatePem: ca.certificatePem, expect: 'la' }),
    ).toMatchObject({ ok: false, reason: 'identity-mismatch' });
    expect(certificateFingerprint(hub.certificatePem)).toMatch(/^[0-9a-f]{64}$/);
  });
});
