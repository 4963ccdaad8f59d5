import { randomBytes } from 'node:crypto';
import { locatorQueryTokens, QUERY_TOKEN_GROUPS } from '@cp/locator';
import { LOOKUP_SQL, lookupParameters } from './locator-lookup';

describe('lookup evidence', () => {
  it('requires two pieces of evidence, counting both-names-with-part-of-the-date as two', () => {
    const pair = { kind: 'name-year' as const, value: '7', group: QUERY_TOKEN_GROUPS.namesWithPartDate };
    expect(lookupParameters([pair], { limit: 5 })[2]).toBe(2);
    const oneName = { kind: 'name-year' as const, value: '8', group: QUERY_TOKEN_GROUPS.familyName };
    expect(lookupParameters([oneName], { limit: 5 })[2]).toBe(1);
    expect(lookupParameters([oneName, { ...oneName, value: '9', group: 5 }], { limit: 5 })[2]).toBe(2);
  });

  it('counts the double-weight group in SQL as the library weighs it', () => {
    expect(LOOKUP_SQL).toContain(`q.token_group = ${QUERY_TOKEN_GROUPS.namesWithPartDate}`);
    expect(LOOKUP_SQL).toMatch(/AS evidence/);
  });

  it('takes a real query: fewer than the 256 tokens the hub accepts, every group labelled', () => {
    const tokens = locatorQueryTokens(
      {
        givenName: 'Alexandra',
        familyName: 'Montgomery-Smith',
        dateOfBirth: '2012-11-10',
        nhsNumber: '9434765919',
      },
      randomBytes(32),
    );
    const [values, , required, , groups] = lookupParameters(tokens, { limit: 1000 }) as [
      string[],
      null,
      number,
      number,
      number[],
    ];
    expect(values.length).toBeLessThanOrEqual(256);
    expect(required).toBe(2);
    expect(groups).toHaveLength(values.length);
  });
});
