import fc from 'fast-check';
import { bundleNames, sealedQueryDigest } from './query-bundle';
import type { SealedMessage } from './sealed-message';

const box = (overrides: Partial<SealedMessage> = {}): SealedMessage => ({
  recipientFingerprint: 'ab'.repeat(32),
  wrappedKey: 'd3JhcHBlZA==',
  iv: 'aXY=',
  ciphertext: 'Y2lwaGVydGV4dA==',
  tag: 'dGFn',
  ...overrides,
});

const FIELDS = ['recipientFingerprint', 'wrappedKey', 'iv', 'ciphertext', 'tag'] as const;

describe('query bundle digests', () => {
  it('are the same for the same LA and box, whatever the order of the box fields', () => {
    const { tag, iv, ...rest } = box();
    expect(sealedQueryDigest('E09000033', { tag, iv, ...rest })).toBe(sealedQueryDigest('E09000033', box()));
    expect(sealedQueryDigest('E09000033', box())).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('name a box for its LA only, and no changed box (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...FIELDS),
        fc.string({ minLength: 1, maxLength: 40 }),
        fc.constantFrom('E09000033', 'E08000025', 'E10000016'),
        (field, change, otherLa) => {
          const original = box();
          const digests = [sealedQueryDigest('E06000001', original)];
          expect(bundleNames(digests, 'E06000001', original)).toBe(true);
          // The same box for another LA: not named.
          expect(bundleNames(digests, otherLa, original)).toBe(false);
          // Any field changed: not named.
          const changed = { ...original, [field]: `${original[field]}${change}` };
          expect(bundleNames(digests, 'E06000001', changed)).toBe(false);
        },
      ),
    );
  });

  it('an extra field in the box is not part of what is named', () => {
    const digests = [sealedQueryDigest('E06000001', box())];
    const padded = { ...box(), extra: 'x' } as SealedMessage;
    expect(bundleNames(digests, 'E06000001', padded)).toBe(true);
    expect(bundleNames(['not a digest', 42, null], 'E06000001', box())).toBe(false);
  });
});
