import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createCaCertificate,
  generateRsaKeyPair,
  issueOperatorCertificate,
  toPkcs12,
  type KeyPairPem,
} from '@cp/pki';
import { DemoSecrets } from './demo-state';
import {
  consoleHowTo,
  DEMO_OPERATOR,
  operatorCertificateUsable,
  operatorCommand,
  operatorP12File,
  operatorPassphrase,
} from './operator';

jest.setTimeout(60_000); // RSA key generation is slow on a shared 2-core machine

const PASSPHRASE = 'demo operator passphrase';
const DAY = 24 * 3600_000;

let ca: { certificatePem: string; privateKeyPem: string };
let otherCa: { certificatePem: string; privateKeyPem: string };
let keys: KeyPairPem;
let dir: string;

async function newCa() {
  const caKeys = await generateRsaKeyPair(2048);
  return { certificatePem: createCaCertificate({ privateKeyPem: caKeys.privateKeyPem }), ...caKeys };
}

/** A PKCS#12 file as `operator:certificate` writes it: key, certificate, CA. */
function p12(options: { name?: string; days?: number; issuer?: typeof ca; passphrase?: string } = {}) {
  const issuer = options.issuer ?? ca;
  const { certificatePem } = issueOperatorCertificate({
    ca: issuer,
    publicKeyPem: keys.publicKeyPem,
    name: options.name ?? DEMO_OPERATOR,
    validityDays: options.days ?? 397,
  });
  const file = join(dir, `${Math.random().toString(36).slice(2)}.p12`);
  writeFileSync(
    file,
    toPkcs12({
      privateKeyPem: keys.privateKeyPem,
      certificatePem,
      caCertificatePem: issuer.certificatePem,
      passphrase: options.passphrase ?? PASSPHRASE,
      friendlyName: 'demo',
    }),
  );
  return file;
}

beforeAll(async () => {
  [ca, otherCa, keys] = await Promise.all([newCa(), newCa(), generateRsaKeyPair(2048)]);
});
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cp-demo-operator-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("the demo operator's certificate", () => {
  it('lives with the demo PKI, under a passphrase kept in secrets.json that stays the same', () => {
    expect(operatorP12File('/x/.demo')).toBe('/x/.demo/pki/demo-operator.p12');
    const passphrase = operatorPassphrase(DemoSecrets.in(dir));
    expect(passphrase.length).toBeGreaterThanOrEqual(12);
    expect(operatorPassphrase(DemoSecrets.in(dir))).toBe(passphrase);
    expect(operatorCommand('/x/op.p12')).toEqual([
      'operator:certificate',
      '--name',
      'demo-operator',
      '--out',
      '/x/op.p12',
      '--days',
      '397',
    ]);
  });

  it('is reused while it opens with the passphrase, names the demo operator, is from this CA and has a week left', () => {
    expect(operatorCertificateUsable(p12(), PASSPHRASE, ca.certificatePem)).toBe(true);
  });

  it('is issued again when missing, unreadable, under another passphrase, from another CA, for someone else or near expiry', () => {
    expect(operatorCertificateUsable(join(dir, 'none.p12'), PASSPHRASE, ca.certificatePem)).toBe(false);
    const garbage = join(dir, 'garbage.p12');
    writeFileSync(garbage, 'not a PKCS#12 file');
    expect(operatorCertificateUsable(garbage, PASSPHRASE, ca.certificatePem)).toBe(false);
    expect(operatorCertificateUsable(p12(), 'another passphrase', ca.certificatePem)).toBe(false);
    expect(operatorCertificateUsable(p12({ issuer: otherCa }), PASSPHRASE, ca.certificatePem)).toBe(false);
    expect(operatorCertificateUsable(p12({ name: 'someone-else' }), PASSPHRASE, ca.certificatePem)).toBe(
      false,
    );
    const sixDays = p12({ days: 6 });
    expect(operatorCertificateUsable(sixDays, PASSPHRASE, ca.certificatePem)).toBe(false);
    const eightDays = p12({ days: 8 });
    expect(operatorCertificateUsable(eightDays, PASSPHRASE, ca.certificatePem)).toBe(true);
    expect(
      operatorCertificateUsable(eightDays, PASSPHRASE, ca.certificatePem, new Date(Date.now() + 2 * DAY)),
    ).toBe(false);
  });

  it('comes with a line on how to open the console', () => {
    const lines = consoleHowTo({
      hubPort: 4000,
      p12File: '/d/op.p12',
      caFile: '/d/ca.crt',
      passphrase: 'pw',
    });
    expect(lines[0]).toContain('https://localhost:4000/console/');
    expect(lines.join('\n')).toMatch(/Import \/d\/op\.p12 .*passphrase pw[\s\S]*trust \/d\/ca\.crt/);
  });
});
