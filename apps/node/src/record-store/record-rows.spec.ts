import type { CreateChildRecordInput } from '@cp/record-model';
import { carerRows, childDetailsRow, involvementRow } from './record-rows';

/** A minimal valid input for unit tests of the mapping (e2e tests use test/support/child-records.ts). */
function childRecordInputForUnitTest(): CreateChildRecordInput {
  return {
    givenName: ' Amelia ',
    familyName: 'Thornbury',
    dateOfBirth: '2014-03-09',
    gender: 'female',
    nhsNumber: '943 476 5919',
    upn: 'b801200005001',
    address: { line1: '12 Ashdown Road', town: 'London', postcode: 'sw1a2aa' },
    carers: [
      {
        name: 'Jane',
        relationship: 'mother',
        hasParentalResponsibility: true,
        contact: { telephone: '020 7946 0001' },
      },
    ],
    involvements: [
      {
        practitionerName: 'Sam Patel',
        role: 'Health visitor',
        organisation: 'Community Healthcare',
        serviceType: 'health-visiting',
        contact: {},
        startDate: '2024-01-10',
      },
    ],
  };
}

describe('record rows from input', () => {
  it('stores identifiers and postcodes normalised, and absent values as null', () => {
    const row = childDetailsRow(childRecordInputForUnitTest());
    expect(row).toMatchObject({
      nhsNumber: '9434765919',
      upn: 'B801200005001',
      addressPostcode: 'SW1A 2AA',
      addressLine2: null,
      givenName: 'Amelia',
      otherNames: [],
    });
  });

  it('keeps carers in order and records who registered an involvement', () => {
    const input = childRecordInputForUnitTest();
    const carers = carerRows('child-1', input.carers);
    expect(carers.map((carer) => [carer.position, carer.name, carer.email])).toEqual([[0, 'Jane', null]]);
    const involvement = involvementRow('child-1', input.involvements![0], 'user-7');
    expect(involvement).toMatchObject({
      registeredBy: 'user-7',
      hasInformationToShare: false,
      isLeadProfessional: false,
      consentRecordedOn: null,
      assessmentType: null,
      endDate: null,
    });
  });
});
