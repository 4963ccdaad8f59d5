import fc from 'fast-check';
import { MAX_SEARCH_ROUTE_LAS } from '@cp/contract';
import { candidateLasByStrength, IDENTIFIER_EVIDENCE, lasToAsk, strengthOf } from './route-candidates';

const match = (laCode: string, matchedTokens: number, identifierMatch = false, evidence = matchedTokens) => ({
  laCode,
  childId: `${laCode}-${matchedTokens}-${Math.random()}`,
  matchedTokens,
  identifierMatch,
  evidence,
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
    expect(ranked[2]).toMatchObject({
      entries: 3,
      bestMatchedTokens: 2,
      bestEvidence: 2,
      identifierMatch: false,
    });
  });

  it('ranks by evidence (weighted groups) before tokens shared', () => {
    const ranked = candidateLasByStrength([match('E06000001', 9, false, 3), match('E08000003', 4, false, 6)]);
    expect(ranked.map((candidate) => candidate.laCode)).toEqual(['E08000003', 'E06000001']);
  });

  it('asks only the LAs within one piece of evidence of the strongest', () => {
    const ranked = candidateLasByStrength([
      match('E06000001', 12, false, 7),
      match('E06000002', 8, false, 6),
      match('E08000003', 3, false, 3),
      match('E09000033', 2, false, 2),
    ]);
    expect(lasToAsk(ranked).map((candidate) => candidate.laCode)).toEqual(['E06000001', 'E06000002']);
    // An identifier match ranks first and is always asked; it does not silence the best name evidence
    // elsewhere (a valid but wrong NHS number), while the weak name matches stay unasked.
    const withIdentifier = candidateLasByStrength([
      match('E06000001', 12, false, 7),
      match('E10000016', 1, true, 0),
      match('E08000003', 3, false, 3),
    ]);
    expect(lasToAsk(withIdentifier).map((candidate) => candidate.laCode)).toEqual(['E10000016', 'E06000001']);
    expect(strengthOf(withIdentifier[0])).toBe(IDENTIFIER_EVIDENCE);
    expect(lasToAsk([])).toEqual([]);
  });

  it('property: one candidate per LA, entries summing to the matches; the LAs asked are the strongest, at most the cap', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            la: fc.constantFrom('E06000001', 'E06000002', 'E08000003'),
            tokens: fc.integer({ min: 2, max: 9 }),
            evidence: fc.integer({ min: 2, max: 7 }),
          }),
        ),
        fc.integer({ min: 0, max: 3 }),
        (rows, margin) => {
          const ranked = candidateLasByStrength(
            rows.map((row) => match(row.la, row.tokens, false, row.evidence)),
          );
          expect(new Set(ranked.map((candidate) => candidate.laCode)).size).toBe(ranked.length);
          expect(ranked.reduce((sum, candidate) => sum + candidate.entries, 0)).toBe(rows.length);
          const asked = lasToAsk(ranked, margin);
          expect(asked.length).toBeLessThanOrEqual(MAX_SEARCH_ROUTE_LAS);
          if (ranked.length > 0) expect(asked[0]).toBe(ranked[0]);
          const weakestAsked = Math.min(...asked.map((candidate) => candidate.bestEvidence));
          for (const left of ranked.filter((candidate) => !asked.includes(candidate)))
            expect(left.bestEvidence).toBeLessThanOrEqual(weakestAsked);
        },
      ),
    );
  });
});
