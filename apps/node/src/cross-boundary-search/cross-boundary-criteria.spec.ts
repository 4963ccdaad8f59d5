import fc from 'fast-check';
import { InvalidInputError } from '@cp/errors';
import { meetsMinimumCriteria } from '../search/minimum-criteria';
import { assertCrossBoundaryCriteria, meetsCrossBoundaryCriteria } from './cross-boundary-criteria';

describe('cross-boundary minimum criteria', () => {
  it('accepts an NHS number, a UPN, or a family name with a date of birth', () => {
    expect(meetsCrossBoundaryCriteria({ nhsNumber: '9434765919' })).toBe(true);
    expect(meetsCrossBoundaryCriteria({ upn: 'A123456789012' })).toBe(true);
    expect(meetsCrossBoundaryCriteria({ familyName: 'Smith', dateOfBirth: '2015-03-04' })).toBe(true);
  });

  it('refuses a family name with a given name or postcode only, and blanks', () => {
    expect(meetsCrossBoundaryCriteria({ familyName: 'Smith', givenName: 'Kate' })).toBe(false);
    expect(meetsCrossBoundaryCriteria({ familyName: 'Smith', postcode: 'SW1A 1AA' })).toBe(false);
    expect(meetsCrossBoundaryCriteria({ familyName: ' ', dateOfBirth: '2015-03-04' })).toBe(false);
    expect(() => assertCrossBoundaryCriteria({ givenName: 'Kate', dateOfBirth: '2015-03-04' })).toThrow(
      InvalidInputError,
    );
  });

  it('the 400 names the minimumCriteria rule', () => {
    try {
      assertCrossBoundaryCriteria({ familyName: 'Smith' });
      throw new Error('not refused');
    } catch (error) {
      expect((error as InvalidInputError).problems).toEqual([
        expect.objectContaining({ field: 'criteria', rule: 'minimumCriteria' }),
      ]);
    }
  });

  it('property: every cross-boundary search also meets the local minimum (it is stricter)', () => {
    const value = fc.option(fc.constantFrom('x', ' ', 'Smith'), { nil: undefined });
    fc.assert(
      fc.property(value, value, value, value, value, (familyName, givenName, dateOfBirth, nhsNumber, upn) => {
        const criteria = { familyName, givenName, dateOfBirth, nhsNumber, upn };
        if (meetsCrossBoundaryCriteria(criteria)) expect(meetsMinimumCriteria(criteria)).toBe(true);
      }),
    );
  });
});
