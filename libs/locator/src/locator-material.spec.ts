import fc from 'fast-check';
import { randomBytes } from 'node:crypto';
import {
  locatorMaterial,
  locatorQueryTokens,
  locatorTokens,
  MAX_LOCATOR_TOKENS,
  QUERY_TOKEN_GROUPS,
  queryGroupWeight,
} from './index';

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

  it('another birth year shares only tokens over both names with the day and month', () => {
    const record = locatorMaterial(child);
    const otherYear = { ...child, dateOfBirth: '2016-03-04', nhsNumber: undefined };
    const pairTokens = new Set(
      locatorTokens(
        {
          ...record,
          nameCodes: [],
          datesOfBirth: [],
          nhsNumbers: [],
          upns: [],
          tolerant: { ...record.tolerant!, datePieces: ['03-04'], familySpellings: [], givenSpellings: [] },
        },
        key,
      ).map((token) => token.value),
    );
    const common = [...tokensOf(child)].filter((value) => tokensOf(otherYear).has(value));
    expect(common.length).toBeGreaterThan(0);
    expect(common.every((value) => pairTokens.has(value))).toBe(true);
    // Another day and month as well: nothing at all.
    expect(shared(tokensOf(child), tokensOf({ ...otherYear, dateOfBirth: '2016-05-06' }))).toBe(0);
  });

  it('one wrong digit anywhere in the date still shares a token over both names (two of the three date parts)', () => {
    const record = tokensOf(child);
    for (const dateOfBirth of ['2005-03-04', '2014-03-04', '2015-08-04', '2015-03-14', '2015-03-05']) {
      const query = locatorQueryTokens({ ...child, nhsNumber: undefined, dateOfBirth }, key);
      const met = query.filter((token) => record.has(token.value));
      expect(met.map((token) => token.group)).toContain(QUERY_TOKEN_GROUPS.namesWithPartDate);
    }
  });

  it('a slip in both names, date right, still shares a spelling of each name with the date', () => {
    const record = tokensOf(child);
    for (const [givenName, familyName] of [
      ['Katherien', 'Smiht'],
      ['Latherine', 'Xmith'],
      ['Katherine', 'Smmith'],
      ['Kathrine', 'Sith'],
    ]) {
      const query = locatorQueryTokens({ givenName, familyName, dateOfBirth: '2015-03-04' }, key);
      const groups = new Set(query.filter((token) => record.has(token.value)).map((token) => token.group));
      expect(groups).toContain(QUERY_TOKEN_GROUPS.familySpellingWithDate);
      expect(groups).toContain(QUERY_TOKEN_GROUPS.givenSpellingWithDate);
    }
  });

  it('keeps every entry and query within the hub limit of 256 tokens, identifiers and both names kept', () => {
    const manyNames = {
      givenName: 'William Alexander James',
      familyName: 'Montgomery-Featherstonehaugh Smith',
      otherNames: ['Christopherson-Jones', 'Wolfeschlegelsteinhausen Bergerdorff'],
      dateOfBirth: '2012-11-10',
      nhsNumber: '9434765919',
      upn: 'A123456789012',
    };
    const tokens = locatorQueryTokens(manyNames, key);
    expect(tokens).toHaveLength(MAX_LOCATOR_TOKENS);
    expect(tokens.filter((token) => token.kind !== 'name-year')).toHaveLength(2);
    const groups = new Set(tokens.map((token) => token.group));
    for (const group of Object.values(QUERY_TOKEN_GROUPS)) expect(groups).toContain(group);
    // A usual child stays well under it.
    expect(locatorTokens(locatorMaterial(child), key).length).toBeLessThan(64);
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

  it('tags the tolerant tokens with their own groups, both-names-with-part-of-the-date worth two', () => {
    const tokens = locatorQueryTokens(query, key);
    const groups = new Set(tokens.map((token) => token.group));
    for (const group of [
      QUERY_TOKEN_GROUPS.namesWithPartDate,
      QUERY_TOKEN_GROUPS.familySpellingWithDate,
      QUERY_TOKEN_GROUPS.givenSpellingWithDate,
    ])
      expect(groups).toContain(group);
    expect(queryGroupWeight(QUERY_TOKEN_GROUPS.namesWithPartDate)).toBe(2);
    expect(queryGroupWeight(QUERY_TOKEN_GROUPS.familyName)).toBe(1);
    expect(queryGroupWeight(300)).toBe(1);
  });

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
