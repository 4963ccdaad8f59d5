import { createSecureContext } from 'node:tls';
import { createCaCertificate, issueCertificate } from './certificates';
import { generateRsaKeyPair, type KeyPairPem } from './keys';
import { identityOf, verifyCertificate } from './verify-certificate';
import { isBusIdentity, operatorUri } from './identity';
import { issueOperatorCertificate, toPkcs12 } from './operator-certificates';

jest.setTimeout(30_000); // RSA key generation is slow on a shared 2-core machine

let ca: { certificatePem: string; privateKeyPem: string };
let keys: KeyPairPem;

beforeAll(async () => {
  const caKeys = await generateRsaKeyPair(2048);
  ca = { certificatePem: createCaCertificate({ privateKeyPem: caKeys.privateKeyPem }), ...caKeys };
  keys = await generateRsaKeyPair(2048);
});

function operatorCert(name = 'alice'): string {
  return issueOperatorCertificate({ ca, publicKeyPem: keys.publicKeyPem, name }).certificatePem;
}

describe('operator certificates', () => {
  it('name an operator, verify as one, and are never an LA, the hub or a bus party', () => {
    const pem = operatorCert();
    expect(identityOf(pem)).toEqual({ kind: 'operator', name: 'alice' });
    const check = verifyCertificate(pem, { caCertificatePem: ca.certificatePem, expect: 'operator' });
    expect(check.ok && check.certificate.identity).toEqual({ kind: 'operator', name: 'alice' });
    expect(check.ok && isBusIdentity(check.certificate.identity)).toBe(false);
    for (const expect_ of ['la', 'hub'] as const) {
      expect(verifyCertificate(pem, { caCertificatePem: ca.certificatePem, expect: expect_ })).toMatchObject({
        ok: false,
        reason: 'identity-mismatch',
      });
    }
  });

  it('refuse bad names and validity', () => {
    expect(() =>
      issueOperatorCertificate({ ca, publicKeyPem: keys.publicKeyPem, name: 'E09000033' }),
    ).toThrow(RangeError);
    expect(() => issueOperatorCertificate({ ca, publicKeyPem: keys.publicKeyPem, name: 'a:b' })).toThrow(
      RangeError,
    );
    expect(() =>
      issueOperatorCertificate({ ca, publicKeyPem: keys.publicKeyPem, name: 'alice', validityDays: 400 }),
    ).toThrow(RangeError);
  });

  it('a certificate naming an operator and an LA, or with a subject that disagrees, names no identity', () => {
    const now = new Date();
    const base = {
      ca,
      publicKeyPem: keys.publicKeyPem,
      notBefore: now,
      notAfter: new Date(now.getTime() + 86_400_000),
      keyUsage: { digitalSignature: true },
      extKeyUsage: { clientAuth: true },
    };
    const both = issueCertificate({
      ...base,
      commonName: 'operator-alice',
      altNames: [
        { type: 6, value: operatorUri('alice') },
        { type: 6, value: 'urn:contactpoint:la:E09000033' },
      ],
    });
    expect(identityOf(both.certificatePem)).toHaveProperty('mismatch');
    const laSubject = issueCertificate({
      ...base,
      commonName: 'la-E09000033',
      unit: 'E09000033',
      altNames: [{ type: 6, value: operatorUri('alice') }],
    });
    expect(identityOf(laSubject.certificatePem)).toHaveProperty('mismatch');
    const serving = issueCertificate({
      ...base,
      commonName: 'operator-alice',
      altNames: [{ type: 6, value: operatorUri('alice') }],
      extKeyUsage: { clientAuth: true, serverAuth: true },
    });
    expect(
      verifyCertificate(serving.certificatePem, { caCertificatePem: ca.certificatePem, expect: 'operator' }),
    ).toMatchObject({ ok: false, reason: 'wrong-key-usage' });
  });

  it('package as PKCS#12 that a TLS client loads with the passphrase, and not without it', () => {
    const p12 = toPkcs12({
      privateKeyPem: keys.privateKeyPem,
      certificatePem: operatorCert(),
      caCertificatePem: ca.certificatePem,
      passphrase: 'a long enough passphrase',
      friendlyName: 'ContactPoint operator alice',
    });
    expect(() => createSecureContext({ pfx: p12, passphrase: 'a long enough passphrase' })).not.toThrow();
    expect(() => createSecureContext({ pfx: p12, passphrase: 'the wrong passphrase' })).toThrow();
  });
});
