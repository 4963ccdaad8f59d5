import { fullRecordView, type RecordParts } from './record-view';
import { shieldedView } from './shielded-view';
import { Child } from './child.entity';
import { Carer } from './carer.entity';
import { Involvement } from './involvement.entity';

const team = { name: 'Shielding team', telephone: '0300 123 4567', email: 'team@example.gov.uk' };

function parts(): RecordParts {
  const child = Object.assign(new Child(), {
    id: '7d3c1f3e-4d7a-4f0e-9a53-2b8f3f7d9c01',
    givenName: 'Maisie',
    familyName: 'Harrowgate',
    otherNames: ['May'],
    dateOfBirth: '2013-08-21',
    gender: 'female',
    nhsNumber: '9434765919',
    upn: 'B801200005001',
    addressLine1: '77 Quiet Close',
    addressLine2: null,
    addressTown: 'London',
    addressPostcode: 'W1A 1AA',
    addressFrom: '2024-01-01',
    version: 4,
    shielded: true,
    shieldingReason: 'witness-protection',
    shieldedAt: new Date('2026-01-01T00:00:00Z'),
    shieldedBy: 'officer',
    createdAt: new Date('2024-01-01T00:00:00Z'),
    updatedAt: new Date('2026-01-01T00:00:00Z'),
  });
  const carer = Object.assign(new Carer(), {
    id: 'c1',
    childId: child.id,
    position: 0,
    name: 'Jane Harrowgate',
    relationship: 'mother',
    hasParentalResponsibility: true,
    telephone: '020 7946 0001',
    email: null,
  });
  const involvement = Object.assign(new Involvement(), {
    id: 'i1',
    childId: child.id,
    practitionerName: 'Sam Patel',
    role: 'Nurse',
    organisation: 'Clinic',
    serviceType: 'mental-health',
    telephone: null,
    email: 'sam@example.nhs.uk',
    startDate: '2025-01-01',
    endDate: null,
    hasInformationToShare: true,
    assessmentType: null,
    assessmentDate: null,
    consentRecordedOn: '2025-01-01',
    isLeadProfessional: true,
    registeredBy: 'u1',
  });
  return {
    child,
    previousAddresses: [],
    carers: [carer],
    educationalSetting: null,
    gpPractice: null,
    involvements: [involvement],
  };
}

describe('shieldedView', () => {
  const full = fullRecordView(parts(), 'E09000033', '2026-11-26');

  it('keeps only name, gender, date of birth, age and the shielding team', () => {
    const view = shieldedView(full, team);
    expect(view).toEqual({
      id: full.id,
      laCode: 'E09000033',
      shielded: true,
      child: {
        givenName: 'Maisie',
        familyName: 'Harrowgate',
        dateOfBirth: '2013-08-21',
        age: 13,
        gender: 'female',
      },
      shieldingTeam: team,
    });
  });

  it('withholds every other field, even ones it was passed', () => {
    const text = JSON.stringify(shieldedView(full, team));
    for (const withheld of [
      'Quiet Close',
      'W1A',
      'May',
      '9434765919',
      'B801200005001',
      'Jane',
      'Sam',
      'mental-health',
      'witness-protection',
    ]) {
      expect(text).not.toContain(withheld);
    }
    expect(text).not.toContain('"version"');
  });
});

describe('fullRecordView', () => {
  it('computes age, the lead professional, contacts without empty fields and the shielding reason', () => {
    const view = fullRecordView(parts(), 'E09000033', '2026-08-20');
    expect(view.child.age).toBe(12);
    expect(view.leadProfessional?.id).toBe('i1');
    expect(view.carers[0].contact).toEqual({ telephone: '020 7946 0001' });
    expect(view.involvements[0]).toMatchObject({
      current: true,
      consent: { recordedOn: '2025-01-01' },
      assessment: null,
    });
    expect(view.shielding).toEqual({
      reasonCode: 'witness-protection',
      shieldedAt: '2026-01-01T00:00:00.000Z',
    });
  });
});
