import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { X509Certificate, createPrivateKey, generateKeyPairSync } from 'node:crypto';
import forge from 'node-forge';
import {
  certificateFingerprint,
  checkCertificateRequest,
  createCaCertificate,
  createCertificateRequest,
  CsrRejectedError,
  issueCertificate,
  issueHubCertificate,
  issueLaCertificate,
  type CaMaterial,
} from './certificates';
import { EnvelopeRejectedError, signEnvelope, verifyEnvelope, type TrustedSender } from './envelope';
import {
  generatePartyKeyPair,
  generateRsaKeyPair,
  keyKindOf,
  PARTY_KEY_KINDS,
  type KeyPairPem,
} from './keys';
import { issueOperatorCertificate, toPkcs12 } from './operator-certificates';
import { ReplayCache } from './replay-cache';
import { verifyCertificate } from './verify-certificate';

jest.setTimeout(60_000); // RSA key generation is slow on a shared 2-core machine

/** During the migration both kinds of party key meet everywhere: every test runs for each pairing. */
const LA_RSA = 'E09000033';
const LA_EC = 'E09000001';
let ca: CaMaterial;
const keys = new Map<string, KeyPairPem>();
const certs = new Map<string, string>();

beforeAll(async () => {
  const caKeys = await generateRsaKeyPair(3072);
  ca = { certificatePem: createCaCertificate({ privateKeyPem: caKeys.privateKeyPem }), ...caKeys };
  keys.set(LA_RSA, await generatePartyKeyPair('rsa-2048'));
  keys.set(LA_EC, await generatePartyKeyPair('ec-p256'));
  for (const [laCode, pair] of keys) {
    const csrPem = createCertificateRequest({ laCode, privateKeyPem: pair.privateKeyPem });
    certs.set(laCode, issueLaCertificate({ ca, csrPem, laCode }).certificatePem);
  }
});

const laOf = { 'rsa-2048': LA_RSA, 'ec-p256': LA_EC } as const;

describe('party keys', () => {
  it.each(PARTY_KEY_KINDS)('%s keys are made and told apart', async (kind) => {
    const pair = await generatePartyKeyPair(kind);
    expect(keyKindOf(pair.privateKeyPem)).toBe(kind);
    expect(keyKindOf(pair.publicKeyPem)).toBe(kind);
    expect(keyKindOf(certs.get(laOf[kind]) ?? '')).toBe(kind);
  });

  it('refuses keys the federation does not use', () => {
    const ed = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const k1 = generateKeyPairSync('ec', { namedCurve: 'secp256k1' })
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString();
    expect(() => keyKindOf(ed)).toThrow('Unsupported key');
    expect(() => keyKindOf(k1)).toThrow('not on P-256');
  });
});

describe('certificates of both kinds', () => {
  it.each(PARTY_KEY_KINDS)('a %s CSR is issued, verified and named as the LA', (kind) => {
    const laCode = laOf[kind];
    const pem = certs.get(laCode) ?? '';
    const check = verifyCertificate(pem, { caCertificatePem: ca.certificatePem, expect: 'la' });
    expect(check).toMatchObject({
      ok: true,
      certificate: { identity: { kind: 'la', laCode }, fingerprint: certificateFingerprint(pem) },
    });
    const x509 = new X509Certificate(pem);
    expect(x509.publicKey.asymmetricKeyType).toBe(kind === 'ec-p256' ? 'ec' : 'rsa');
    expect(x509.checkIssued(new X509Certificate(ca.certificatePem))).toBe(true);
    expect(x509.subjectAltName).toBe(`URI:urn:contactpoint:la:${laCode}`);
    expect(x509.keyUsage).toEqual(['1.3.6.1.5.5.7.3.2']);
  });

  it('an EC leaf allows signing and key agreement, not key encipherment, and its key id is its own', () => {
    const text = opensslText(certs.get(LA_EC) ?? '');
    expect(text).toMatch(/Key Usage: critical\s+Digital Signature, Key Agreement\s/);
    expect(text).toContain('ASN1 OID: prime256v1');
    expect(text).toContain('Signature Algorithm: sha256WithRSAEncryption');
    const ski = /Subject Key Identifier:\s+([0-9A-F:]+)/.exec(text)?.[1];
    const fromKey = /Subject Key Identifier:\s+([0-9A-F:]+)/.exec(opensslText(ca.certificatePem))?.[1];
    expect(ski).toMatch(/^[0-9A-F]{2}(:[0-9A-F]{2}){19}$/);
    expect(ski).not.toBe(fromKey); // not the CA key's placeholder
  });

  it('an EC hub certificate serves TLS and verifies as the hub', async () => {
    const hubKeys = await generatePartyKeyPair('ec-p256');
    const { certificatePem } = issueHubCertificate({ ca, publicKeyPem: hubKeys.publicKeyPem });
    expect(
      verifyCertificate(certificatePem, { caCertificatePem: ca.certificatePem, expect: 'hub' }),
    ).toMatchObject({ ok: true, certificate: { identity: { kind: 'hub' } } });
    expect(new X509Certificate(certificatePem).checkPrivateKey(createPrivateKey(hubKeys.privateKeyPem))).toBe(
      true,
    );
  });

  it('an EC certificate from another CA, or expired, or without key agreement is refused', async () => {
    const otherKeys = await generateRsaKeyPair(2048);
    const other = {
      certificatePem: createCaCertificate({ privateKeyPem: otherKeys.privateKeyPem }),
      ...otherKeys,
    };
    const csrPem = createCertificateRequest({
      laCode: LA_EC,
      privateKeyPem: keys.get(LA_EC)?.privateKeyPem ?? '',
    });
    const foreign = issueLaCertificate({ ca: other, csrPem, laCode: LA_EC }).certificatePem;
    const verify = (pem: string, now?: Date) =>
      verifyCertificate(pem, { caCertificatePem: ca.certificatePem, expect: 'la', now });
    expect(verify(foreign)).toMatchObject({ ok: false });
    expect(verify(certs.get(LA_EC) ?? '', new Date(Date.now() + 400 * 86_400_000))).toMatchObject({
      ok: false,
      reason: 'expired',
    });
    // An LA certificate over an EC key that may not agree keys cannot be sealed to: refused.
    const noAgreement = issueCertificate({
      ca,
      publicKeyPem: keys.get(LA_EC)?.publicKeyPem ?? '',
      commonName: `la-${LA_EC}`,
      unit: LA_EC,
      notBefore: new Date(Date.now() - 60_000),
      notAfter: new Date(Date.now() + 86_400_000),
      altNames: [{ type: 6, value: `urn:contactpoint:la:${LA_EC}` }],
      keyUsage: { digitalSignature: true },
      extKeyUsage: { clientAuth: true },
    }).certificatePem;
    expect(verify(noAgreement)).toMatchObject({ ok: false, reason: 'wrong-key-usage' });
    // An operator certificate (digitalSignature only) over an EC key is fine for an operator.
    const operator = issueOperatorCertificate({
      ca,
      publicKeyPem: keys.get(LA_EC)?.publicKeyPem ?? '',
      name: 'ops',
    });
    expect(
      verifyCertificate(operator.certificatePem, { caCertificatePem: ca.certificatePem, expect: 'operator' }),
    ).toMatchObject({ ok: true });
  });

  it('a tampered EC certificate is refused', () => {
    const der = new X509Certificate(certs.get(LA_EC) ?? '').raw;
    der[der.length - 80] ^= 1; // inside the signed part's key or extensions
    const pem = `-----BEGIN CERTIFICATE-----\n${der.toString('base64')}\n-----END CERTIFICATE-----\n`;
    const check = verifyCertificate(pem, { caCertificatePem: ca.certificatePem, expect: 'la' });
    expect(check.ok).toBe(false);
  });
});

describe('what stays RSA', () => {
  it('the CA key must be RSA, and operator PKCS#12 files take RSA keys only', async () => {
    const ecKeys = await generatePartyKeyPair('ec-p256');
    const ecCa = { certificatePem: ca.certificatePem, privateKeyPem: ecKeys.privateKeyPem };
    expect(() => issueHubCertificate({ ca: ecCa, publicKeyPem: ecKeys.publicKeyPem })).toThrow('must be RSA');
    const { certificatePem } = issueOperatorCertificate({
      ca,
      publicKeyPem: ecKeys.publicKeyPem,
      name: 'ops',
    });
    expect(() =>
      toPkcs12({
        privateKeyPem: ecKeys.privateKeyPem,
        certificatePem,
        caCertificatePem: ca.certificatePem,
        passphrase: 'long enough passphrase',
        friendlyName: 'ops',
      }),
    ).toThrow('RSA operator key');
  });
});

describe('certificate requests of both kinds', () => {
  it.each(PARTY_KEY_KINDS)('a %s request gives back its key and is checked against the LA', (kind) => {
    const pair = keys.get(laOf[kind]);
    const csrPem = createCertificateRequest({ laCode: laOf[kind], privateKeyPem: pair?.privateKeyPem ?? '' });
    expect(checkCertificateRequest(csrPem, laOf[kind])).toBe(pair?.publicKeyPem);
    expect(() => checkCertificateRequest(csrPem, 'E09000002')).toThrow(CsrRejectedError);
    expect(opensslVerifiesRequest(csrPem)).toBe(true);
  });

  it('an EC request with a broken signature, or a key of another curve, is refused with its rule', () => {
    const csrPem = createCertificateRequest({
      laCode: LA_EC,
      privateKeyPem: keys.get(LA_EC)?.privateKeyPem ?? '',
    });
    const der = Buffer.from(forge.pem.decode(csrPem)[0].body, 'binary');
    der[der.length - 5] ^= 1;
    const broken = forge.pem.encode({ type: 'CERTIFICATE REQUEST', body: der.toString('binary') });
    expect(rule(() => checkCertificateRequest(broken, LA_EC))).toBe('bad-signature');
    const k1 = generateKeyPairSync('ec', { namedCurve: 'secp384r1' })
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString();
    const weak = opensslRequest(k1, LA_EC);
    expect(rule(() => checkCertificateRequest(weak, LA_EC))).toBe('weak-key');
    expect(rule(() => checkCertificateRequest('not a request', LA_EC))).toBe('malformed');
  });
});

describe('envelopes between both kinds', () => {
  const registry = (): Map<string, TrustedSender> =>
    new Map(
      [...certs].map(([laCode, pem]) => [
        certificateFingerprint(pem),
        { sender: laCode, certificatePem: pem },
      ]),
    );
  const signer = (laCode: string) => ({
    sender: laCode,
    certFingerprint: certificateFingerprint(certs.get(laCode) ?? ''),
    privateKeyPem: keys.get(laCode)?.privateKeyPem ?? '',
  });
  const verify = (value: unknown, trusted = registry()) =>
    verifyEnvelope(value, {
      lookup: (fingerprint) => trusted.get(fingerprint),
      recipient: 'hub',
      replayCache: new ReplayCache(60_000),
    });
  const reason = (promise: Promise<unknown>) =>
    promise.then(
      () => 'accepted',
      (error: unknown) => (error instanceof EnvelopeRejectedError ? error.reason : 'crashed'),
    );

  it.each(PARTY_KEY_KINDS)('a %s signer is verified by its registered certificate', async (kind) => {
    const envelope = signEnvelope(signer(laOf[kind]), { recipient: 'hub', type: 'ping', body: { n: 1 } });
    expect(envelope.v).toBe(1);
    await expect(verify(envelope)).resolves.toMatchObject({ sender: laOf[kind], body: { n: 1 } });
    if (kind === 'ec-p256') expect(Buffer.from(envelope.signature, 'base64')).toHaveLength(64);
    expect(await reason(verify({ ...envelope, body: { n: 2 } }))).toBe('bad-signature');
  });

  it('a signature made with one kind cannot pass as the other (no algorithm confusion)', async () => {
    const ec = signEnvelope(signer(LA_EC), { recipient: 'hub', type: 'ping', body: {} });
    const rsa = signEnvelope(signer(LA_RSA), { recipient: 'hub', type: 'ping', body: {} });
    // Swap the certificates the registry holds: each signature now meets a key of the other kind.
    const swapped = new Map<string, TrustedSender>([
      [ec.certFingerprint, { sender: LA_EC, certificatePem: certs.get(LA_RSA) ?? '' }],
      [rsa.certFingerprint, { sender: LA_RSA, certificatePem: certs.get(LA_EC) ?? '' }],
    ]);
    expect(await reason(verify(ec, swapped))).toBe('bad-signature');
    expect(await reason(verify(rsa, swapped))).toBe('bad-signature');
    // A signature in the other encoding (ECDSA DER instead of P1363) is refused, not crashed on.
    expect(await reason(verify({ ...ec, signature: Buffer.alloc(72, 1).toString('base64') }))).toBe(
      'bad-signature',
    );
    // An algorithm named by the message is never read: the registered certificate's key decides.
    const named = { ...ec, alg: 'RS256', signature: rsa.signature };
    expect(await reason(verify(named))).toBe('bad-signature');
  });
});

function rule(action: () => unknown): string {
  try {
    action();
    return 'accepted';
  } catch (error) {
    return error instanceof CsrRejectedError ? error.rule : 'crashed';
  }
}

function tempFile(name: string, text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'cp-pki-')), name);
  writeFileSync(file, text);
  return file;
}

function opensslText(certificatePem: string): string {
  return execFileSync('openssl', [
    'x509',
    '-noout',
    '-text',
    '-in',
    tempFile('c.pem', certificatePem),
  ]).toString();
}

function opensslVerifiesRequest(csrPem: string): boolean {
  const run = spawnSync('openssl', ['req', '-verify', '-noout', '-in', tempFile('r.pem', csrPem)]);
  return run.status === 0 && `${run.stdout.toString()}${run.stderr.toString()}`.includes('verify OK');
}

function opensslRequest(privateKeyPem: string, laCode: string): string {
  const key = tempFile('k.pem', privateKeyPem);
  return execFileSync('openssl', [
    'req',
    '-new',
    '-key',
    key,
    '-subj',
    `/CN=la-${laCode}/OU=${laCode}`,
  ]).toString();
}
