import fc from 'fast-check';
import { randomBytes } from 'node:crypto';
import { locatorMaterial, locatorQueryTokens, locatorTokens, QUERY_TOKEN_GROUPS } from './index';

const key = randomBytes(32);
const tokensOf = (person: Parameters<typeof locatorMaterial>[0]) =>
  new Set(locatorTokens(locatorMaterial(person), key).map((token) => token.value));
const shared = (a: Set<string>, b: Set<string>) => [...a].filter((value) => b.has(value)).length;

describe('locatorMaterial', () => {
  const child = {
    givenName: 'Katherine',
    familyName: 'Smith',
    dateOfBirth: '2015-03-04',
    nhsNumber: '943 476 5919',
  };

  it('takes name codes, both date variants and identifiers; never a postcode', () => {
    const material = locatorMaterial({ ...child, postcode: 'SW1A 1AA' });
    expect(material.datesOfBirth).toEqual(['2015-03-04', '2015-04-03']);
    expect(material.nhsNumbers).toEqual(['9434765919']);
    expect(JSON.stringify(material)).not.toMatch(/SW1A/);
  });

  it('a typo, a nickname or swapped names still share at least two name-year tokens', () => {
    const record = tokensOf(child);
    expect(
      shared(record, tokensOf({ givenName: 'Kate', familyName: 'Smyth', dateOfBirth: '2015-03-04' })),
    ).toBeGreaterThanOrEqual(2);
    expect(
      shared(record, tokensOf({ givenName: 'Smith', familyName: 'Katherine', dateOfBirth: '2015-04-03' })),
    ).toBeGreaterThanOrEqual(2);
  });

  it('another birth year shares no token', () => {
    expect(
      shared(tokensOf(child), tokensOf({ ...child, dateOfBirth: '2016-03-04', nhsNumber: undefined })),
    ).toBe(0);
  });

  it('property: the same person always gives the same tokens, whatever the case and spacing', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('Oliver', 'Amelia', 'Mohammed', 'Zoe'),
        fc.constantFrom('Jones', 'Patel', 'Brown'),
        (given, family) => {
          const a = tokensOf({ givenName: given, familyName: family, dateOfBirth: '2012-12-01' });
          const b = tokensOf({
            givenName: ` ${given.toUpperCase()} `,
            familyName: family.toLowerCase(),
            dateOfBirth: '2012-12-01',
          });
          expect([...b].sort()).toEqual([...a].sort());
        },
      ),
    );
  });
});

describe('locatorQueryTokens', () => {
  const query = {
    familyName: 'Smith',
    givenName: 'Katherine',
    dateOfBirth: '2015-03-04',
    upn: 'A123456789012',
  };

  it('makes exactly the record tokens, each tagged with the evidence it came from', () => {
    const tokens = locatorQueryTokens(query, key);
    expect(tokens.map(({ kind, value }) => ({ kind, value }))).toEqual(
      locatorTokens(locatorMaterial(query), key),
    );
    const groups = (group: number) => tokens.filter((token) => token.group === group).length;
    // Smith has two phonetic codes, one group; Katherine's forms another; each code with the two date variants.
    expect(groups(QUERY_TOKEN_GROUPS.familyName)).toBe(2);
    expect(groups(QUERY_TOKEN_GROUPS.givenName)).toBeGreaterThanOrEqual(1);
    expect(groups(QUERY_TOKEN_GROUPS.nameWithDate)).toBe(
      2 * (groups(QUERY_TOKEN_GROUPS.familyName) + groups(QUERY_TOKEN_GROUPS.givenName)),
    );
    expect(tokens.filter((token) => token.kind === 'upn').map((token) => token.group)).toEqual([
      QUERY_TOKEN_GROUPS.identifier,
    ]);
  });
});
