import fc from 'fast-check';
import { candidateLasByStrength } from './route-candidates';

const match = (laCode: string, matchedTokens: number, identifierMatch = false) => ({
  laCode,
  childId: `${laCode}-${matchedTokens}-${Math.random()}`,
  matchedTokens,
  identifierMatch,
});

describe('route candidates', () => {
  it('puts an identifier match first, then the LA with the closest single entry, not the most entries', () => {
    const ranked = candidateLasByStrength([
      match('E06000001', 2),
      match('E06000001', 2),
      match('E06000001', 2),
      match('E08000003', 5),
      match('E09000033', 2, true),
    ]);
    expect(ranked.map((candidate) => candidate.laCode)).toEqual(['E09000033', 'E08000003', 'E06000001']);
    expect(ranked[2]).toMatchObject({ entries: 3, bestMatchedTokens: 2, identifierMatch: false });
  });

  it('property: one candidate per LA, entries summing to the matches', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            la: fc.constantFrom('E06000001', 'E06000002', 'E08000003'),
            tokens: fc.integer({ min: 2, max: 9 }),
          }),
        ),
        (rows) => {
          const ranked = candidateLasByStrength(rows.map((row) => match(row.la, row.tokens)));
          expect(new Set(ranked.map((candidate) => candidate.laCode)).size).toBe(ranked.length);
          expect(ranked.reduce((sum, candidate) => sum + candidate.entries, 0)).toBe(rows.length);
        },
      ),
    );
  });
});
