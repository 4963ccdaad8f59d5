import { InvalidInputError } from '@cp/errors';
import { matchInputOf } from './match-parameters';
import { checkCriteria, patientQueryOf } from './patient-criteria';

async function problemOf(run: () => unknown): Promise<{ field: string; rule: string } | undefined> {
  try {
    await run();
  } catch (error) {
    if (error instanceof InvalidInputError) return error.problems[0];
    throw error;
  }
  return undefined;
}

const patient = {
  resourceType: 'Patient',
  name: [{ family: 'Thornbury', given: ['Amelia', 'Jane'] }],
  birthDate: '2014-03-09',
  gender: 'female',
  identifier: [{ system: 'https://fhir.nhs.uk/Id/nhs-number', value: '9434765919' }],
  address: [{ postalCode: 'SW1A 2AA' }],
  telecom: [{ system: 'phone', value: '01234' }],
};

describe('Patient/$match input (IHE PDQm Parameters)', () => {
  it('reads the Patient into search criteria, with onlyCertainMatches and count', () => {
    const input = matchInputOf({
      resourceType: 'Parameters',
      parameter: [
        { name: 'resource', resource: patient },
        { name: 'onlyCertainMatches', valueBoolean: true },
        { name: 'count', valueInteger: 3 },
      ],
    });
    expect(input.criteria).toEqual({
      familyName: 'Thornbury',
      givenName: 'Amelia',
      dateOfBirth: '2014-03-09',
      gender: 'female',
      nhsNumber: '9434765919',
      postcode: 'SW1A 2AA',
    });
    expect(input).toMatchObject({ onlyCertainMatches: true, count: 3 });
  });

  it('names the place of each problem in the Parameters', async () => {
    const at = (parameter: unknown) =>
      problemOf(() => matchInputOf({ resourceType: 'Parameters', parameter: [parameter] }));
    expect(await problemOf(() => matchInputOf({ resourceType: 'Patient' }))).toMatchObject({
      field: 'Parameters',
    });
    expect(await problemOf(() => matchInputOf({ resourceType: 'Parameters', parameter: [] }))).toMatchObject({
      field: 'Parameters.parameter',
      rule: 'resource',
    });
    expect(await at({ name: 'resource', resource: { resourceType: 'Practitioner' } })).toMatchObject({
      field: 'Parameters.parameter[0].resource.resourceType',
    });
    expect(
      await at({ name: 'resource', resource: { resourceType: 'Patient', name: 'Amelia' } }),
    ).toMatchObject({ field: 'Parameters.parameter[0].resource.name' });
    expect(
      await at({ name: 'resource', resource: { resourceType: 'Patient', gender: 'girl' } }),
    ).toMatchObject({ field: 'Parameters.parameter[0].resource.gender' });
    expect(await at({ name: 'count', valueInteger: 0 })).toMatchObject({
      field: 'Parameters.parameter[0].valueInteger',
    });
    expect(await at({ name: 'onlyCertainMatches', valueString: 'yes' })).toMatchObject({
      field: 'Parameters.parameter[0].valueBoolean',
    });
    expect(await at({ name: 'limit', valueInteger: 1 })).toMatchObject({
      field: 'Parameters.parameter[0].name',
      rule: 'unknownParameter',
    });
  });

  it('checks the criteria as /api/v1/search does, naming the input field of each problem', async () => {
    const input = matchInputOf({
      resourceType: 'Parameters',
      parameter: [{ name: 'resource', resource: { ...patient, birthDate: '2014-02-30', identifier: [] } }],
    });
    expect(
      await problemOf(() => checkCriteria(input.criteria, 'safeguarding-concern', input.paths)),
    ).toMatchObject({
      field: 'Parameters.parameter[0].resource.birthDate',
    });
    const thin = matchInputOf({
      resourceType: 'Parameters',
      parameter: [
        { name: 'resource', resource: { resourceType: 'Patient', name: [{ family: 'Thornbury' }] } },
      ],
    });
    expect(
      await problemOf(() => checkCriteria(thin.criteria, 'safeguarding-concern', thin.paths)),
    ).toMatchObject({ rule: 'minimumCriteria' });
  });
});

describe('Patient search parameters', () => {
  it('maps FHIR parameters to the search criteria', async () => {
    const query = await patientQueryOf(
      {
        family: 'Thornbury',
        given: 'Amelia',
        birthdate: 'eq2014-03-09',
        gender: 'unknown',
        'address-postalcode': 'SW1A 2AA',
        _count: '5',
      },
      'safeguarding-concern',
    );
    expect(query).toEqual({
      criteria: {
        familyName: 'Thornbury',
        givenName: 'Amelia',
        dateOfBirth: '2014-03-09',
        gender: 'not-known',
        postcode: 'SW1A 2AA',
      },
      reason: 'safeguarding-concern',
      count: 5,
    });
  });

  it('names the FHIR parameter when the node’s own rules refuse a criterion', async () => {
    const refused = (query: Record<string, string>) =>
      problemOf(() => patientQueryOf({ _purposeOfUse: 'safeguarding-concern', ...query }, undefined));
    expect(await refused({ family: 'x'.repeat(101), given: 'A' })).toMatchObject({ field: 'family' });
    expect(await refused({ family: 'Thornbury', given: 'A', 'address-postalcode': 'nowhere' })).toMatchObject(
      { field: 'address-postalcode' },
    );
    expect(await refused({ identifier: 'https://contactpoint.example/fhir/Id/upn|X' })).toMatchObject({
      field: 'identifier',
    });
    expect(await refused({ given: 'Amelia', birthdate: '2014-03-09' })).toMatchObject({
      rule: 'minimumCriteria',
    });
  });
});
