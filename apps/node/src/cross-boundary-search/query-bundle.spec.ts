import { randomUUID } from 'node:crypto';
import {
  createCaCertificate,
  createCertificateRequest,
  DEFAULT_FRESHNESS_MS,
  generateRsaKeyPair,
  issueLaCertificate,
  ReplayCache,
  verifyCertificate,
  type CaMaterial,
} from '@cp/pki';
import type { SealedBody } from '@cp/contract';
import type { FederationCredentials } from '../federation/certificate-store';
import { signQueryBundle } from './query-bundle';
import { RelayedMessageError, sealFor, signingIdentity, verifyAndOpen } from '../federation/sealed-envelopes';

jest.setTimeout(60_000);

const LA_A = 'E09000033';
const LA_B = 'E08000003';
const LA_C = 'E06000001';

async function credentialsFor(ca: CaMaterial, laCode: string): Promise<FederationCredentials> {
  const keys = await generateRsaKeyPair(2048);
  const csrPem = createCertificateRequest({ laCode, privateKeyPem: keys.privateKeyPem });
  const { certificatePem } = issueLaCertificate({ ca, csrPem, laCode });
  const check = verifyCertificate(certificatePem, { caCertificatePem: ca.certificatePem, expect: 'la' });
  if (!check.ok) throw new Error(check.reason);
  return {
    laCode,
    privateKeyPem: keys.privateKeyPem,
    certificatePem,
    caCertificatePem: ca.certificatePem,
    hubCertificatePem: '',
    certificate: check.certificate,
  };
}

let a: FederationCredentials;
let b: FederationCredentials;
let c: FederationCredentials;

beforeAll(async () => {
  const keys = await generateRsaKeyPair(2048);
  const ca = {
    certificatePem: createCaCertificate({ privateKeyPem: keys.privateKeyPem }),
    privateKeyPem: keys.privateKeyPem,
  };
  [a, b, c] = await Promise.all([
    credentialsFor(ca, LA_A),
    credentialsFor(ca, LA_B),
    credentialsFor(ca, LA_C),
  ]);
});

const queryFor = (toLa: string) => ({ v: 1, fromLa: LA_A, toLa, criteria: { familyName: 'Smith' } });
const boxFor = (to: FederationCredentials): { laCode: string; sealed: SealedBody } => ({
  laCode: to.laCode,
  sealed: sealFor(queryFor(to.laCode), {
    certificatePem: to.certificatePem,
    fingerprint: to.certificate.fingerprint,
  }),
});

/** What the hub relays to one LA of a bundle: the signed bundle and that LA's box. */
function relayed(bundle: ReturnType<typeof signQueryBundle>, sealed: SealedBody, from = a) {
  return { senderCertificatePem: from.certificatePem, bundle: bundle.envelope, sealed };
}

async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof RelayedMessageError) return error.reason;
    throw error;
  }
  return 'accepted';
}

const open = (message: unknown, me: FederationCredentials, cache = new ReplayCache(DEFAULT_FRESHNESS_MS)) =>
  verifyAndOpen({ relayed: message as never, type: 'search-query', me, replayCache: cache });

describe('a query bundle: one signature for all the sealed queries of a search', () => {
  it('each LA opens its own box, and learns the asker from its certificate', async () => {
    const boxes = [boxFor(b), boxFor(c)];
    const bundle = signQueryBundle(randomUUID(), boxes, signingIdentity(a));
    for (const [index, me] of [b, c].entries()) {
      const opened = await open(relayed(bundle, boxes[index].sealed), me);
      expect(opened.sender).toBe(LA_A);
      expect(opened.envelope.certFingerprint).toBe(a.certificate.fingerprint);
      expect(JSON.parse(opened.plaintext.toString('utf8'))).toEqual(queryFor(me.laCode));
    }
    // What travels names no criteria and, for the other LAs, only digests.
    expect(JSON.stringify(bundle.envelope)).not.toContain('Smith');
    expect(JSON.stringify(bundle.envelope)).not.toContain(LA_C);
  });

  it("refuses another LA's box relayed to it (re-addressed), and a box the bundle does not name", async () => {
    const boxes = [boxFor(b), boxFor(c)];
    const bundle = signQueryBundle(randomUUID(), boxes, signingIdentity(a));
    expect(await refusal(open(relayed(bundle, boxes[1].sealed), b))).toBe('not-in-bundle');
    // A box sealed for B by A, but from another bundle.
    expect(await refusal(open(relayed(bundle, boxFor(b).sealed), b))).toBe('not-in-bundle');
    // A box changed on the way.
    const tampered = { ...boxes[0].sealed, ciphertext: Buffer.from('changed').toString('base64') };
    expect(await refusal(open(relayed(bundle, tampered), b))).toBe('not-in-bundle');
  });

  it('refuses changed digests (the signature covers them), and a replay of the same bundle', async () => {
    const boxes = [boxFor(b)];
    const bundle = signQueryBundle(randomUUID(), boxes, signingIdentity(a));
    const envelope = bundle.envelope as { body: { digests: string[] } };
    const forged = {
      ...bundle,
      envelope: { ...envelope, body: { ...envelope.body, digests: [...envelope.body.digests, 'x'] } },
    };
    expect(await refusal(open(relayed(forged, boxes[0].sealed), b))).toBe('bad-signature');
    const cache = new ReplayCache(DEFAULT_FRESHNESS_MS);
    await open(relayed(bundle, boxes[0].sealed), b, cache);
    expect(await refusal(open(relayed(bundle, boxes[0].sealed), b, cache))).toBe('replayed');
  });

  it("a box not named does not use up the bundle's nonce", async () => {
    const boxes = [boxFor(b), boxFor(c)];
    const bundle = signQueryBundle(randomUUID(), boxes, signingIdentity(a));
    const cache = new ReplayCache(DEFAULT_FRESHNESS_MS);
    expect(await refusal(open(relayed(bundle, boxes[1].sealed), b, cache))).toBe('not-in-bundle');
    expect((await open(relayed(bundle, boxes[0].sealed), b, cache)).sender).toBe(LA_A);
  });

  it('refuses a bundle re-signed by another LA, or carrying the certificate of another LA', async () => {
    const boxes = [boxFor(b)];
    // C signs A's box: it opens, but the sealed query names A as the asker, which the answerer checks.
    const byC = signQueryBundle(randomUUID(), boxes, signingIdentity(c));
    const opened = await open(relayed(byC, boxes[0].sealed, c), b);
    expect(opened.sender).toBe(LA_C);
    expect(JSON.parse(opened.plaintext.toString('utf8')).fromLa).toBe(LA_A);
    // A's bundle presented with C's certificate.
    const byA = signQueryBundle(randomUUID(), boxes, signingIdentity(a));
    expect(await refusal(open(relayed(byA, boxes[0].sealed, c), b))).toBe('certificate-identity-mismatch');
  });

  it('refuses a bundle where a query envelope is expected, and malformed boxes', async () => {
    const boxes = [boxFor(b)];
    const bundle = signQueryBundle(randomUUID(), boxes, signingIdentity(a));
    // The bundle passed off as an envelope addressed to B.
    expect(
      await refusal(open({ senderCertificatePem: a.certificatePem, envelope: bundle.envelope }, b)),
    ).toBe('wrong-recipient');
    expect(await refusal(open({ ...relayed(bundle, boxes[0].sealed), sealed: { iv: 1 } }, b))).toBe(
      'malformed',
    );
  });
});
