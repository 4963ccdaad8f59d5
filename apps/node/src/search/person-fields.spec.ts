import { personFieldsOf } from './person-fields';

describe('person fields of search criteria', () => {
  it('normalises query identifiers and postcodes as records store them', () => {
    expect(personFieldsOf({ nhsNumber: '943 476 5919', postcode: 'w1a1aa', upn: 'b801200005001' })).toEqual({
      nhsNumber: '9434765919',
      postcode: 'W1A 1AA',
      upn: 'B801200005001',
    });
  });
});
