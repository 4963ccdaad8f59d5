import fc from 'fast-check';
import {
  createCaCertificate,
  createCertificateRequest,
  certificateFingerprint,
  issueLaCertificate,
} from './certificates';
import { EnvelopeRejectedError, signEnvelope, verifyEnvelope, type TrustedSender } from './envelope';
import { generateRsaKeyPair } from './keys';
import { ReplayCache } from './replay-cache';
import type { JsonValue } from '@cp/canonical-json';

jest.setTimeout(30_000); // RSA key generation is slow on a shared 2-core machine

const LA_A = 'E09000033';
const LA_B = 'E09000001';
let registry: Map<string, TrustedSender>;
let signerA: { sender: string; certFingerprint: string; privateKeyPem: string };

beforeAll(async () => {
  const caKeys = await generateRsaKeyPair(2048);
  const ca = { certificatePem: createCaCertificate({ privateKeyPem: caKeys.privateKeyPem }), ...caKeys };
  const keysA = await generateRsaKeyPair(2048);
  const certA = issueLaCertificate({
    ca,
    laCode: LA_A,
    csrPem: createCertificateRequest({ laCode: LA_A, privateKeyPem: keysA.privateKeyPem }),
  });
  const fingerprint = certificateFingerprint(certA.certificatePem);
  registry = new Map([[fingerprint, { sender: LA_A, certificatePem: certA.certificatePem }]]);
  signerA = { sender: LA_A, certFingerprint: fingerprint, privateKeyPem: keysA.privateKeyPem };
});

const options = (cache = new ReplayCache(60_000), now?: number) => ({
  lookup: (fingerprint: string) => registry.get(fingerprint),
  recipient: 'hub',
  type: 'ping',
  replayCache: cache,
  now,
});

async function reason(envelope: unknown, opts = options()): Promise<string> {
  try {
    await verifyEnvelope(envelope, opts);
    return 'accepted';
  } catch (error) {
    if (error instanceof EnvelopeRejectedError) return error.reason;
    throw error;
  }
}

const jsonBody = fc.dictionary(
  fc.string({ maxLength: 8 }),
  fc.oneof(fc.string(), fc.integer(), fc.boolean()),
  {
    maxKeys: 4,
  },
) as fc.Arbitrary<Record<string, JsonValue>>;

describe('signed envelopes', () => {
  it('accept a good message once, and refuse its replay', async () => {
    const envelope = signEnvelope(signerA, { recipient: 'hub', type: 'ping', body: { hello: 'hub' } });
    const cache = new ReplayCache(60_000);
    await expect(reason(envelope, options(cache))).resolves.toBe('accepted');
    await expect(reason(envelope, options(cache))).resolves.toBe('replayed');
  });

  it('refuse any changed field (property)', async () => {
    const fields = [
      'sender',
      'recipient',
      'type',
      'certFingerprint',
      'timestamp',
      'nonce',
      'body',
      'signature',
    ];
    await fc.assert(
      fc.asyncProperty(
        jsonBody,
        fc.constantFrom(...fields),
        fc.string({ minLength: 1, maxLength: 6 }),
        async (body, field, junk) => {
          const envelope = signEnvelope(signerA, { recipient: 'hub', type: 'ping', body });
          const tampered: Record<string, unknown> = { ...envelope };
          if (field === 'timestamp') tampered.timestamp = envelope.timestamp + 1;
          else if (field === 'body') tampered.body = { ...body, [`x${junk}`]: junk };
          else if (field === 'nonce') tampered.nonce = `${envelope.nonce}${junk}`.slice(0, 60);
          else if (field === 'signature') {
            const bytes = Buffer.from(envelope.signature, 'base64');
            bytes[junk.length % bytes.length] ^= 0x01;
            tampered.signature = bytes.toString('base64');
          } else tampered[field] = `${String(envelope[field as 'sender'])}${junk}`;
          expect(await reason(tampered)).not.toBe('accepted');
        },
      ),
      { numRuns: 40 },
    );
  });

  it('refuse stale and future messages (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 60_001, max: 10_000_000 }), fc.boolean(), async (skew, past) => {
        const now = Date.now();
        const envelope = signEnvelope(
          signerA,
          { recipient: 'hub', type: 'ping', body: {} },
          past ? now - skew : now + skew,
        );
        expect(await reason(envelope, options(new ReplayCache(60_000), now))).toBe('stale');
      }),
      { numRuns: 25 },
    );
  });

  it("refuse A's certificate claiming to be B", async () => {
    const envelope = signEnvelope({ ...signerA, sender: LA_B }, { recipient: 'hub', type: 'ping', body: {} });
    await expect(reason(envelope)).resolves.toBe('sender-mismatch');
  });

  it('refuse an unknown certificate, a revoked one, and a wrong type', async () => {
    const envelope = signEnvelope(
      { ...signerA, certFingerprint: 'f'.repeat(64) },
      { recipient: 'hub', type: 'ping', body: {} },
    );
    await expect(reason(envelope)).resolves.toBe('unknown-certificate');
    const good = signEnvelope(signerA, { recipient: 'hub', type: 'renew', body: {} });
    await expect(reason(good)).resolves.toBe('wrong-type');
    const revoked = {
      ...options(),
      lookup: (fingerprint: string) => ({ ...registry.get(fingerprint)!, unusableBecause: 'revoked' }),
    };
    await expect(
      reason(signEnvelope(signerA, { recipient: 'hub', type: 'ping', body: {} }), revoked),
    ).resolves.toBe('certificate-invalid');
    await expect(reason({ v: 1, sender: LA_A })).resolves.toBe('malformed');
  });
});
