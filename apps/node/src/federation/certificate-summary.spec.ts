import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  certificateFingerprint,
  createCaCertificate,
  createCertificateRequest,
  generateRsaKeyPair,
  issueHubCertificate,
  issueLaCertificate,
} from '@cp/pki';
import { FederationCertificateStore } from './certificate-store';
import { certificateDaysLeft, certificateSummary, UnreadableCertificateError } from './certificate-summary';

jest.setTimeout(30_000); // RSA key generation is slow on a shared 2-core machine

const LA = 'E09000033';
const DAY_MS = 24 * 3600_000;
const ISSUED = new Date('2026-01-01T00:00:00Z');
let dir: string;
let store: FederationCertificateStore;
let certificatePem: string;

beforeAll(async () => {
  const [caKeys, hubKeys, nodeKeys] = await Promise.all([
    generateRsaKeyPair(2048),
    generateRsaKeyPair(2048),
    generateRsaKeyPair(2048),
  ]);
  const ca = { certificatePem: createCaCertificate({ privateKeyPem: caKeys.privateKeyPem }), ...caKeys };
  certificatePem = issueLaCertificate({
    ca,
    laCode: LA,
    csrPem: createCertificateRequest({ laCode: LA, privateKeyPem: nodeKeys.privateKeyPem }),
    validityDays: 60,
    now: ISSUED,
  }).certificatePem;
  dir = mkdtempSync(join(tmpdir(), 'cp-summary-'));
  store = new FederationCertificateStore(dir);
  store.writePendingKey(nodeKeys.privateKeyPem);
  store.install({
    certificatePem,
    caCertificatePem: ca.certificatePem,
    hubCertificatePem: issueHubCertificate({ ca, publicKeyPem: hubKeys.publicKeyPem }).certificatePem,
  });
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const at = (days: number) => new Date(ISSUED.getTime() + days * DAY_MS);

describe('certificateSummary', () => {
  it('describes an enrolled node: serial, validity, whole days left, fingerprint, no warning with weeks left', () => {
    const summary = certificateSummary(store, { laCode: LA, federationDir: dir }, at(10));
    expect(summary).toEqual({
      enrolled: true,
      laCode: LA,
      serialNumber: expect.stringMatching(/^[0-9a-f]+$/) as unknown,
      notBefore: expect.any(String) as unknown,
      notAfter: expect.any(String) as unknown,
      daysLeft: expect.any(Number) as unknown,
      fingerprint: certificateFingerprint(certificatePem),
      expiryWarning: false,
    });
    const notAfter = new Date(summary.notAfter ?? '');
    expect(summary.daysLeft).toBe(Math.floor((notAfter.getTime() - at(10).getTime()) / DAY_MS));
    expect(summary.daysLeft).toBeGreaterThanOrEqual(49);
    expect(summary.daysLeft).toBeLessThanOrEqual(50);
    expect(certificateDaysLeft(summary, at(10))).toBeCloseTo(
      (notAfter.getTime() - at(10).getTime()) / DAY_MS,
    );
  });

  it('warns under 14 days, and still reports an expired certificate, with negative days', () => {
    const notAfter = new Date(certificateSummary(store, { laCode: LA, federationDir: dir }).notAfter ?? '');
    const justUnder = new Date(notAfter.getTime() - 14 * DAY_MS + 60_000);
    const justOver = new Date(notAfter.getTime() - 14 * DAY_MS - 60_000);
    expect(certificateSummary(store, { laCode: LA, federationDir: dir }, justUnder)).toMatchObject({
      expiryWarning: true,
      daysLeft: 13,
    });
    expect(certificateSummary(store, { laCode: LA, federationDir: dir }, justOver)).toMatchObject({
      expiryWarning: false,
      daysLeft: 14,
    });
    const expired = certificateSummary(store, { laCode: LA, federationDir: dir }, at(70));
    expect(expired).toMatchObject({ enrolled: true, expiryWarning: true });
    expect(expired.daysLeft).toBeLessThan(0);
  });

  it('reports a node without FEDERATION_DIR, or with an empty one, as not enrolled', () => {
    const empty = mkdtempSync(join(tmpdir(), 'cp-summary-empty-'));
    try {
      for (const federationDir of [undefined, empty]) {
        const summary = certificateSummary(new FederationCertificateStore(federationDir ?? ''), {
          laCode: LA,
          federationDir,
        });
        expect(summary).toEqual({
          enrolled: false,
          laCode: LA,
          serialNumber: null,
          notBefore: null,
          notAfter: null,
          daysLeft: null,
          fingerprint: null,
          expiryWarning: false,
        });
        expect(certificateDaysLeft(summary)).toBeUndefined();
      }
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('refuses a certificate file that is not a certificate with a typed error', () => {
    const broken = mkdtempSync(join(tmpdir(), 'cp-summary-broken-'));
    try {
      const brokenStore = new FederationCertificateStore(broken);
      for (const path of Object.values(brokenStore.paths)) writeFileSync(path, 'not a certificate');
      expect(() => certificateSummary(brokenStore, { laCode: LA, federationDir: broken })).toThrow(
        UnreadableCertificateError,
      );
    } finally {
      rmSync(broken, { recursive: true, force: true });
    }
  });
});
