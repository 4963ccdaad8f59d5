import fc from 'fast-check';
import { canonicalJson, type JsonValue as CanonicalValue } from '@cp/canonical-json';
import { findChainBreak, GENESIS_HASH, linkHash, walkChain, type ChainLink } from './hash-chain';

const content = fc.dictionary(
  fc.string({ minLength: 1, maxLength: 8 }),
  fc.oneof(
    fc.string(),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(fc.string(), { maxLength: 3 }),
  ),
  { maxKeys: 6 },
) as fc.Arbitrary<{ [key: string]: CanonicalValue }>;

function buildChain(contents: { [key: string]: CanonicalValue }[]): ChainLink[] {
  const links: ChainLink[] = [];
  let prevHash = GENESIS_HASH;
  contents.forEach((entry, index) => {
    const sequence = index + 1;
    const hash = linkHash(prevHash, sequence, entry);
    links.push({ sequence, prevHash, hash, content: entry });
    prevHash = hash;
  });
  return links;
}

describe('canonical encoding', () => {
  it('ignores key order', () => {
    expect(canonicalJson({ b: 1, a: [true, null, 'x'] })).toBe(canonicalJson({ a: [true, null, 'x'], b: 1 }));
    expect(canonicalJson({ b: 1, a: 2 })).toBe('{"a":2,"b":1}');
  });

  it('property: reordering keys never changes the encoding', () => {
    fc.assert(
      fc.property(content, (value) => {
        const reversed = Object.fromEntries(Object.entries(value).reverse());
        expect(canonicalJson(reversed)).toBe(canonicalJson(value));
      }),
    );
  });
});

describe('hash chain', () => {
  it('property: an intact chain verifies', () => {
    fc.assert(
      fc.property(fc.array(content, { maxLength: 20 }), (contents) => {
        expect(findChainBreak(buildChain(contents))).toBeNull();
      }),
    );
  });

  it('property: editing any entry is found at that entry', () => {
    fc.assert(
      fc.property(fc.array(content, { minLength: 1, maxLength: 15 }), fc.nat(), (contents, pick) => {
        const links = buildChain(contents);
        const index = pick % links.length;
        links[index] = { ...links[index], content: { ...links[index].content, tampered: 'yes' } };
        expect(findChainBreak(links)).toEqual({ sequence: index + 1, problem: 'hash-mismatch' });
      }),
    );
  });

  it('property: deleting an entry is found as a gap', () => {
    fc.assert(
      fc.property(fc.array(content, { minLength: 2, maxLength: 15 }), fc.nat(), (contents, pick) => {
        const links = buildChain(contents);
        const index = pick % (links.length - 1);
        links.splice(index, 1);
        expect(findChainBreak(links)).toEqual({ sequence: index + 1, problem: 'gap' });
      }),
    );
  });

  it('finds two swapped entries', () => {
    const links = buildChain([{ a: 1 }, { a: 2 }, { a: 3 }]);
    const swapped = [links[0], { ...links[2], sequence: 2 }, { ...links[1], sequence: 3 }];
    expect(findChainBreak(swapped)).toEqual({ sequence: 2, problem: 'broken-link' });
  });

  it('a rehashed edit still breaks the link after it', () => {
    const links = buildChain([{ a: 1 }, { a: 2 }, { a: 3 }]);
    const forged = { ...links[1], content: { a: 99 } };
    forged.hash = linkHash(forged.prevHash, 2, forged.content);
    expect(findChainBreak([links[0], forged, links[2]])).toEqual({ sequence: 3, problem: 'broken-link' });
  });

  it('property: every edited entry is named, however many and wherever they are', () => {
    fc.assert(
      fc.property(
        fc.array(content, { minLength: 1, maxLength: 15 }),
        fc.uniqueArray(fc.nat(), { minLength: 1, maxLength: 5 }),
        (contents, picks) => {
          const links = buildChain(contents);
          const edited = [...new Set(picks.map((pick) => pick % links.length))].sort((a, b) => a - b);
          for (const index of edited) {
            links[index] = { ...links[index], content: { ...links[index].content, tampered: 'yes' } };
          }
          expect(walkChain(links).breaks).toEqual(
            edited.map((index) => ({ sequence: index + 1, problem: 'hash-mismatch' })),
          );
        },
      ),
    );
  });

  it('property: walking in batches finds what one walk finds', () => {
    fc.assert(
      fc.property(
        fc.array(content, { minLength: 2, maxLength: 15 }),
        fc.nat(),
        fc.nat(),
        (contents, pick, cut) => {
          const links = buildChain(contents);
          const index = pick % links.length;
          links[index] = { ...links[index], content: { tampered: true } };
          const at = cut % links.length;
          const first = walkChain(links.slice(0, at));
          const second = walkChain(links.slice(at), first.end);
          expect([...first.breaks, ...second.breaks]).toEqual(walkChain(links).breaks);
          expect(second.end).toEqual({ prevHash: links[links.length - 1].hash, sequence: links.length });
        },
      ),
    );
  });

  it('a changed later entry is still found after an earlier gap and an earlier rehashed edit', () => {
    const links = buildChain([{ a: 1 }, { a: 2 }, { a: 3 }, { a: 4 }, { a: 5 }, { a: 6 }, { a: 7 }]);
    const forged = { ...links[1], content: { a: 99 } };
    forged.hash = linkHash(forged.prevHash, 2, forged.content);
    const later = { ...links[6], content: { a: 70 } };
    expect(walkChain([links[0], forged, links[2], links[4], links[5], later]).breaks).toEqual([
      { sequence: 3, problem: 'broken-link' },
      { sequence: 4, problem: 'gap' },
      { sequence: 7, problem: 'hash-mismatch' },
    ]);
  });
});
