import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createCaCertificate,
  createCertificateRequest,
  generateRsaKeyPair,
  issueHubCertificate,
  issueLaCertificate,
  type KeyPairPem,
} from '@cp/pki';
import { CredentialsProblem, FederationCertificateStore } from './certificate-store';

jest.setTimeout(30_000); // RSA key generation is slow on a shared 2-core machine

const LA = 'E09000033';
let ca: { certificatePem: string; privateKeyPem: string };
let hubCertificatePem: string;
let keys: KeyPairPem;
let dir: string;

beforeAll(async () => {
  const [caKeys, hubKeys] = await Promise.all([generateRsaKeyPair(2048), generateRsaKeyPair(2048)]);
  keys = await generateRsaKeyPair(2048);
  ca = { certificatePem: createCaCertificate({ privateKeyPem: caKeys.privateKeyPem }), ...caKeys };
  hubCertificatePem = issueHubCertificate({ ca, publicKeyPem: hubKeys.publicKeyPem }).certificatePem;
});

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cp-store-'));
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

function issue(privateKeyPem: string, laCode = LA): string {
  return issueLaCertificate({
    ca,
    laCode,
    csrPem: createCertificateRequest({ laCode, privateKeyPem }),
  }).certificatePem;
}

describe('FederationCertificateStore', () => {
  it('says federation is not enrolled before enrolment', () => {
    const store = new FederationCertificateStore(dir);
    expect(() => store.load(LA)).toThrow(CredentialsProblem);
    expect(() => store.load(LA)).toThrow(/enrol first/);
  });

  it('keeps the key 0600 and loads what it installed, remembering the fingerprint', () => {
    const store = new FederationCertificateStore(dir);
    store.writePendingKey(keys.privateKeyPem);
    expect(statSync(store.paths.nextKey).mode & 0o777).toBe(0o600);
    store.install({
      certificatePem: issue(keys.privateKeyPem),
      caCertificatePem: ca.certificatePem,
      hubCertificatePem,
    });
    expect(statSync(store.paths.key).mode & 0o777).toBe(0o600);
    const loaded = store.load(LA);
    expect(loaded.certificate.identity).toEqual({ kind: 'la', laCode: LA });
    expect(store.knownFingerprints()).toEqual([loaded.certificate.fingerprint]);
  });

  it('refuses a certificate for another key or another LA', async () => {
    const other = await generateRsaKeyPair(2048);
    const store = new FederationCertificateStore(dir);
    store.writePendingKey(keys.privateKeyPem);
    store.install({
      certificatePem: issue(other.privateKeyPem),
      caCertificatePem: ca.certificatePem,
      hubCertificatePem,
    });
    expect(() => store.load(LA)).toThrow(/not for the key this node holds/);
    store.writePendingKey(keys.privateKeyPem);
    store.install({
      certificatePem: issue(keys.privateKeyPem, 'E09000001'),
      caCertificatePem: ca.certificatePem,
      hubCertificatePem,
    });
    expect(() => store.load(LA)).toThrow(/not for LA E09000033/);
  });

  it('names an expired certificate so operators know to re-enrol', () => {
    const store = new FederationCertificateStore(dir);
    store.writePendingKey(keys.privateKeyPem);
    store.install({
      certificatePem: issue(keys.privateKeyPem),
      caCertificatePem: ca.certificatePem,
      hubCertificatePem,
    });
    const later = new Date(Date.now() + 61 * 86_400_000);
    expect(() => store.load(LA, later)).toThrow(/expired at .*Re-enrol/);
  });
});
