import fc from 'fast-check';
import { blockingKeys, type BlockingKeys } from './keys';

const shares = (a: readonly string[], b: readonly string[]): boolean => a.some((key) => b.includes(key));

describe('blockingKeys', () => {
  it('keys every field a search can block on', () => {
    const keys = blockingKeys({
      givenName: 'Kate',
      familyName: "O'Brien-Smith",
      otherNames: ['Jones'],
      dateOfBirth: '2015-03-04',
      postcode: 'b11 2ab',
      nhsNumber: '943 476 5919',
      upn: 'a12345678901b',
    });
    expect(keys).toEqual<BlockingKeys>({
      family: ['ANS', 'APRN', 'JNS', 'SM0', 'XMT'],
      given: expect.arrayContaining(['KT', 'K0RN', 'KTRN', 'APRN', 'SM0']) as string[],
      dob: ['2015-03-04', '2015-04-03'],
      district: ['B11'],
      nhs: ['9434765919'],
      upn: ['A12345678901B'],
    });
    // other names block as family names, not as given names
    expect(keys.given).not.toContain('JNS');
  });

  it('gives empty lists for missing fields', () => {
    expect(blockingKeys({})).toEqual({ family: [], given: [], dob: [], district: [], nhs: [], upn: [] });
  });

  it('ignores an invalid date of birth and keys only real swaps', () => {
    expect(blockingKeys({ dateOfBirth: '2015-02-30' }).dob).toEqual([]);
    expect(blockingKeys({ dateOfBirth: '2015-03-24' }).dob).toEqual(['2015-03-24']);
  });

  it('takes the district of a partial postcode as given', () => {
    expect(blockingKeys({ postcode: 'sw1a' }).district).toEqual(['SW1A']);
    expect(blockingKeys({ postcode: 'SW1A1AA' }).district).toEqual(['SW1A']);
  });

  it('lets a nickname query meet the formal name, either way round', () => {
    const bill = blockingKeys({ givenName: 'Bill' });
    const william = blockingKeys({ givenName: 'William' });
    expect(shares(bill.given, william.given)).toBe(true);
    expect(
      shares(blockingKeys({ givenName: 'Katie' }).given, blockingKeys({ givenName: 'Catherine' }).given),
    ).toBe(true);
  });

  it('lets given/family swaps and previous names block', () => {
    const stored = blockingKeys({ givenName: 'John', familyName: 'Smith', otherNames: ['Brown'] });
    const swapped = blockingKeys({ givenName: 'Smith', familyName: 'John' });
    expect(shares(swapped.given, stored.given)).toBe(true);
    expect(shares(blockingKeys({ familyName: 'Brown' }).family, stored.family)).toBe(true);
    expect(
      shares(
        blockingKeys({ familyName: 'Jones' }).family,
        blockingKeys({ familyName: 'Smith-Jones' }).family,
      ),
    ).toBe(true);
  });

  it('is the same for differently spelled inputs of the same person', () => {
    expect(blockingKeys({ givenName: 'JOSÉ', familyName: 'smith', postcode: 'B11 2AB', upn: 'a1' })).toEqual(
      blockingKeys({ givenName: 'jose', familyName: ' Smith ', postcode: 'b112ab', upn: 'A 1' }),
    );
  });

  /**
   * Limitation, precisely: keys survive ONE typo in ONE field. A typo in the family name can change its
   * phonetic key (smith -> smiph), so then only the date keys are shared; a typo in the date leaves the
   * family keys. A query with typos in both the family name and the date shares neither, and a search
   * must then block on other kinds (given, district, identifiers).
   */
  describe('a one-character typo still shares date or family keys', () => {
    const letters = fc.string({
      unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz'),
      minLength: 2,
      maxLength: 10,
    });
    const date = fc
      .date({ min: new Date('2005-01-01'), max: new Date('2025-12-31'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10));
    const person = fc.record({ givenName: letters, familyName: letters, dateOfBirth: date });
    const typo = (value: string, position: number, replacement: string, kind: number): string => {
      const at = position % value.length;
      if (kind === 0) return value.slice(0, at) + replacement + value.slice(at + 1); // substitute
      if (kind === 1) return value.slice(0, at) + value.slice(at + 1); // delete
      if (kind === 2) return value.slice(0, at) + replacement + value.slice(at); // insert
      return value.slice(0, at) + value.slice(at + 1, at + 2) + value.slice(at, at + 1) + value.slice(at + 2); // transpose
    };

    it('holds for a typo in any one field', () => {
      fc.assert(
        fc.property(
          person,
          fc.constantFrom('givenName', 'familyName', 'dateOfBirth'),
          fc.nat(),
          fc.constantFrom(...'abcxyz0123456789'),
          fc.integer({ min: 0, max: 3 }),
          (stored, field, position, replacement, kind) => {
            const query = { ...stored, [field]: typo(stored[field], position, replacement, kind) };
            const storedKeys = blockingKeys(stored);
            const queryKeys = blockingKeys(query);
            expect(shares(queryKeys.dob, storedKeys.dob) || shares(queryKeys.family, storedKeys.family)).toBe(
              true,
            );
          },
        ),
        { numRuns: 1000 },
      );
    });

    // Double Metaphone keeps 4 characters, so e.g. Thompson (TMPS) and Thomson (TMSN) do not share a key.
    it('keeps the family key for common surname misspellings', () => {
      for (const [a, b] of [
        ['smith', 'smyth'],
        ['jones', 'johns'],
        ['phillips', 'philips'],
        ['macdonald', 'mcdonald'],
        ['clarke', 'clark'],
      ]) {
        expect(shares(blockingKeys({ familyName: a }).family, blockingKeys({ familyName: b }).family)).toBe(
          true,
        );
      }
    });
  });
});

describe('name keys joined to the date of birth', () => {
  const given = (person: Parameters<typeof blockingKeys>[0]) => blockingKeys(person).given;
  const sharedCount = (a: readonly string[], b: readonly string[]) =>
    a.filter((key) => b.includes(key)).length;

  it('key every name code with each reading of the date', () => {
    const keys = given({ givenName: 'Kate', familyName: 'Smith', dateOfBirth: '2015-03-04' });
    expect(keys).toEqual(expect.arrayContaining(['KT@2015-03-04', 'KT@2015-04-03', 'SM0@2015-03-04']));
    expect(given({ givenName: 'Kate', familyName: 'Smith' }).some((key) => key.includes('@'))).toBe(false);
  });

  it('let one correct name and the date share two name keys when the other name is mistyped beyond its code', () => {
    const record = given({ givenName: 'Olivia', familyName: 'Thompson', dateOfBirth: '2015-03-04' });
    const codes = (name: string) => given({ givenName: name });
    expect(sharedCount(codes('Thomspon'), codes('Thompson'))).toBe(0);
    expect(sharedCount(codes('Pliivia'), codes('Olivia'))).toBe(0);
    // 'Thomspon' (TMSP) and 'Pliivia' (PLF) lose their name's code; the other name with the date still meets.
    expect(
      sharedCount(given({ givenName: 'Olivia', familyName: 'Thomspon', dateOfBirth: '2015-03-04' }), record),
    ).toBeGreaterThanOrEqual(2);
    expect(
      sharedCount(given({ givenName: 'Pliivia', familyName: 'Thompson', dateOfBirth: '2015-04-03' }), record),
    ).toBeGreaterThanOrEqual(2);
  });

  it('share nothing joined to another date', () => {
    const record = given({ givenName: 'Olivia', familyName: 'Thompson', dateOfBirth: '2015-03-04' });
    const other = given({ givenName: 'Olivia', familyName: 'Thompson', dateOfBirth: '2015-03-05' });
    expect(record.filter((key) => key.includes('@') && other.includes(key))).toEqual([]);
  });
});
