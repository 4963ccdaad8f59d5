import { InvalidInputError } from '@cp/errors';
import {
  assertMinimumCriteria,
  criteriaUsed,
  meetsMinimumCriteria,
  visibleCriteria,
} from './minimum-criteria';

describe('minimum search criteria', () => {
  it.each([
    [{ nhsNumber: '9434765919' }],
    [{ upn: 'B801200005001' }],
    [{ familyName: 'Smith', dateOfBirth: '2015-01-01' }],
    [{ familyName: 'Smith', givenName: 'Amy' }],
  ])('accepts %j', (criteria) => {
    expect(meetsMinimumCriteria(criteria)).toBe(true);
  });

  it.each([
    [{}],
    [{ familyName: 'Smith' }],
    [{ givenName: 'Amy', dateOfBirth: '2015-01-01' }],
    [{ postcode: 'SW1A 1AA', dateOfBirth: '2015-01-01', gender: 'female' as const }],
    [{ familyName: '  ', givenName: 'Amy' }],
    [{ familyName: 'Smith', postcode: 'SW1A 1AA' }],
  ])('refuses %j, naming the rule', (criteria) => {
    expect(meetsMinimumCriteria(criteria)).toBe(false);
    try {
      assertMinimumCriteria(criteria);
      throw new Error('accepted');
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidInputError);
      expect((error as InvalidInputError).problems[0].rule).toBe('minimumCriteria');
    }
  });

  it('records the names of criteria, never their values', () => {
    expect(criteriaUsed({ familyName: 'Smith', postcode: 'SW1A 1AA' })).toEqual(['familyName', 'postcode']);
  });

  it('a shielded record is searchable by its visible fields only', () => {
    const visible = visibleCriteria({ familyName: 'Smith', postcode: 'SW1A 1AA', nhsNumber: '9434765919' });
    expect(meetsMinimumCriteria(visible)).toBe(false);
    expect(visible.postcode).toBeUndefined();
  });
});
