import { blockingKeys } from '@cp/matching';
import { Child } from './child.entity';
import { personFieldsOfChild, searchableFields } from './search-keys';

function child(shielded: boolean): Child {
  return Object.assign(new Child(), {
    id: 'c1',
    givenName: 'Maisie',
    familyName: 'Harrowgate',
    otherNames: ['May'],
    dateOfBirth: '2013-08-21',
    gender: 'female',
    nhsNumber: '9434765919',
    upn: 'B801200005001',
    addressPostcode: 'W1A 1AA',
    shielded,
  });
}

describe('search keys', () => {
  it('a child is searchable by all its matching fields', () => {
    expect(searchableFields(child(false))).toEqual(personFieldsOfChild(child(false)));
    const keys = blockingKeys(searchableFields(child(false)));
    expect(keys.district).toEqual(['W1A']);
    expect(keys.nhs).toEqual(['9434765919']);
  });

  it('a shielded child is searchable by name, date of birth and gender only', () => {
    expect(searchableFields(child(true))).toEqual({
      givenName: 'Maisie',
      familyName: 'Harrowgate',
      dateOfBirth: '2013-08-21',
      gender: 'female',
    });
    const keys = blockingKeys(searchableFields(child(true)));
    expect([keys.district, keys.nhs, keys.upn]).toEqual([[], [], []]);
  });
});
