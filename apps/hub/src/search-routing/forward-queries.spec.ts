import { randomUUID } from 'node:crypto';
import { sealedQueryDigest } from '@cp/locator';
import { planForward } from './forward-queries';
import { parseForwardRequest, SearchBodyError } from './search-bodies';

const LA_A = 'E09000033';
const LA_B = 'E08000003';
const LA_C = 'E06000001';
const LA_D = 'E10000016';
const FINGERPRINT = 'aa'.repeat(32);

const box = (n: number) => ({
  recipientFingerprint: 'bb'.repeat(32),
  wrappedKey: `a2V5${n}`,
  iv: 'aXY=',
  ciphertext: `Y2lwaGVy${n}`,
  tag: 'dGFn',
});

/** A forward body as a node sends it (the bundle's signature is the answering node's to check). */
function forward(
  routeId: string,
  boxes: { laCode: string; sealed: ReturnType<typeof box> }[],
  named = boxes,
) {
  return {
    routeId,
    queries: [],
    bundle: {
      envelope: {
        v: 1,
        sender: LA_A,
        recipient: 'route-las',
        type: 'search-query-bundle',
        certFingerprint: FINGERPRINT,
        timestamp: Date.now(),
        nonce: 'n'.repeat(22),
        body: { v: 1, routeId, digests: named.map((entry) => sealedQueryDigest(entry.laCode, entry.sealed)) },
        signature: 'c2ln',
      },
      sealed: boxes,
    },
  };
}

const plan = (body: unknown, candidates = [LA_B, LA_C]) =>
  planForward({
    request: parseForwardRequest(body),
    candidates: new Set(candidates),
    fromLa: LA_A,
    certFingerprint: FINGERPRINT,
    senderCertificatePem: 'A certificate',
  });

describe('what the hub relays of a bundled forward', () => {
  const routeId = randomUUID();

  it("relays to each LA of the route the signed bundle and that LA's box alone", () => {
    const boxes = [
      { laCode: LA_B, sealed: box(1) },
      { laCode: LA_C, sealed: box(2) },
    ];
    const result = plan(forward(routeId, boxes));
    expect(result.notSent).toEqual([]);
    expect(result.relay.map((entry) => entry.laCode)).toEqual([LA_B, LA_C]);
    const toB = JSON.parse(result.relay[0].payload) as Record<string, unknown>;
    expect(Object.keys(toB).sort()).toEqual(['bundle', 'sealed', 'senderCertificatePem']);
    expect(toB.sealed).toEqual(box(1));
    expect(result.relay[0].payload).not.toContain(box(2).ciphertext);
  });

  it('does not relay to an LA outside the route, a box the bundle does not name, or a box moved to another LA', () => {
    const named = [
      { laCode: LA_B, sealed: box(1) },
      { laCode: LA_D, sealed: box(4) },
    ];
    // C's entry carries B's box (re-addressed); D is not of the route.
    const sent = [named[0], { laCode: LA_C, sealed: box(1) }, named[1]];
    const result = plan(forward(routeId, sent, named));
    expect(result.relay.map((entry) => entry.laCode)).toEqual([LA_B]);
    expect(result.notSent).toEqual([
      { laCode: LA_C, reason: 'not-sent' },
      { laCode: LA_D, reason: 'not-sent' },
    ]);
  });

  it('relays nothing of a bundle for another route, from another LA or certificate, or of another type', () => {
    const boxes = [{ laCode: LA_B, sealed: box(1) }];
    const base = forward(routeId, boxes);
    const variants = [
      forward(randomUUID(), boxes),
      { ...base, bundle: { ...base.bundle, envelope: { ...base.bundle.envelope, sender: LA_C } } },
      { ...base, bundle: { ...base.bundle, envelope: { ...base.bundle.envelope, certFingerprint: 'cc' } } },
      { ...base, bundle: { ...base.bundle, envelope: { ...base.bundle.envelope, type: 'search-query' } } },
      { ...base, bundle: { ...base.bundle, envelope: { ...base.bundle.envelope, recipient: LA_B } } },
    ];
    for (const [index, body] of variants.entries()) {
      const result = plan({ ...body, routeId: index === 0 ? routeId : body.routeId });
      expect(result.relay).toEqual([]);
      expect(result.notSent).toContainEqual({ laCode: LA_B, reason: 'not-sent' });
    }
  });

  it('names every LA of the route it sends nothing to', () => {
    const result = plan(forward(routeId, [{ laCode: LA_B, sealed: box(1) }]));
    expect(result.notSent).toEqual([{ laCode: LA_C, reason: 'not-sent' }]);
  });

  it('refuses an LA twice, in one form or both, and a box with other fields', () => {
    const field = (body: unknown) => {
      try {
        parseForwardRequest(body);
      } catch (error) {
        if (error instanceof SearchBodyError) return error.field;
        throw error;
      }
      return 'accepted';
    };
    const twice = forward(routeId, [
      { laCode: LA_B, sealed: box(1) },
      { laCode: LA_B, sealed: box(2) },
    ]);
    expect(field(twice)).toBe('bundle.sealed.laCode');
    const both = { ...forward(routeId, [{ laCode: LA_B, sealed: box(1) }]) };
    expect(field({ ...both, queries: [{ laCode: LA_B, envelope: {} }] })).toBe('bundle.sealed.laCode');
    const extra = forward(routeId, [
      { laCode: LA_B, sealed: { ...box(1), extra: 'x' } as ReturnType<typeof box> },
    ]);
    expect(field(extra)).toBe('bundle.sealed.sealed');
  });
});
