import { Carer } from '../record-store/carer.entity';
import { Child } from '../record-store/child.entity';
import { EducationalSetting } from '../record-store/educational-setting.entity';
import { Involvement } from '../record-store/involvement.entity';
import { PreviousAddress } from '../record-store/previous-address.entity';
import { fullRecordView, type RecordParts } from '../record-store/record-view';
import { packageOf, packageProblem, rowsOf } from './handover-package';

const A = 'E09000033';
const B = 'E08000025';
const CHILD = '6f1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3a4b';

function parts(): RecordParts {
  const child = Object.assign(new Child(), {
    id: CHILD,
    givenName: 'Rosalind',
    familyName: 'Movewell',
    otherNames: ['Rosie'],
    dateOfBirth: '2015-05-17',
    gender: 'female',
    nhsNumber: '9434765919',
    upn: null,
    addressLine1: '1 Old Road',
    addressLine2: null,
    addressTown: 'London',
    addressPostcode: 'SW1A 2AA',
    addressFrom: '2020-01-01',
    version: 4,
    shielded: true,
    shieldingReason: 'refuge-or-domestic-abuse',
    shieldedAt: new Date('2025-02-03T04:05:06.000Z'),
    shieldedBy: 'officer-1',
    handoverId: 'a1b2c3d4-0000-4000-8000-000000000001',
    movedOut: null,
    createdAt: new Date('2024-01-01T00:00:00Z'),
    updatedAt: new Date('2025-01-01T00:00:00Z'),
  });
  const involvement = (id: string, extra: Partial<Involvement>) =>
    Object.assign(new Involvement(), {
      id,
      childId: CHILD,
      practitionerName: 'Sam Patel',
      role: 'Health visitor',
      organisation: 'Example Community Healthcare',
      serviceType: 'health-visiting',
      telephone: '020 7946 0004',
      email: null,
      startDate: '2024-01-10',
      endDate: null,
      hasInformationToShare: true,
      assessmentType: 'early-help-assessment',
      assessmentDate: '2024-02-01',
      consentRecordedOn: null,
      isLeadProfessional: false,
      registeredBy: 'user-1',
      fromLaCode: null,
      fromLaName: null,
      ...extra,
    });
  return {
    child,
    previousAddresses: [
      Object.assign(new PreviousAddress(), {
        id: 'p1',
        childId: CHILD,
        line1: '9 Older Road',
        line2: null,
        town: 'Leeds',
        postcode: 'LS1 1AA',
        fromDate: null,
        toDate: '2019-12-31',
      }),
    ],
    carers: [
      Object.assign(new Carer(), {
        id: 'c1',
        childId: CHILD,
        position: 0,
        name: 'Jane Movewell',
        relationship: 'mother',
        hasParentalResponsibility: true,
        telephone: null,
        email: 'jane@example.org',
      }),
    ],
    educationalSetting: Object.assign(new EducationalSetting(), {
      childId: CHILD,
      name: 'St Example',
      urn: '100001',
      telephone: '020 7946 0002',
      email: null,
    }),
    gpPractice: null,
    involvements: [
      involvement('11111111-1111-4111-8111-111111111111', { isLeadProfessional: true }),
      involvement('22222222-2222-4222-8222-222222222222', {
        fromLaCode: 'E06000001',
        fromLaName: 'Hartlepool',
      }),
    ],
  };
}

describe('handover package', () => {
  const pkg = packageOf(parts(), { handoverId: 'h-1', fromLa: A, fromLaName: 'Westminster', toLa: B });

  it('carries every field: the view built from B’s rows equals A’s, but for version and the fromLa markers', () => {
    const atA = fullRecordView(parts(), A, '2026-01-01');
    const rows = rowsOf(pkg, B);
    // Set by the database on insert.
    Object.assign(rows.child, { createdAt: new Date(), updatedAt: new Date() });
    const atB = fullRecordView(rows, B, '2026-01-01');
    const strip = (view: typeof atA) => ({
      ...view,
      laCode: '',
      version: 0,
      createdAt: '',
      updatedAt: '',
      involvements: view.involvements.map((involvement) => ({ ...involvement, fromLa: null })),
      leadProfessional: view.leadProfessional ? { ...view.leadProfessional, fromLa: null } : null,
    });
    expect(strip(atB)).toEqual(strip(atA));
    expect(atB.version).toBe(5);
    expect(atB.shielding).toEqual({
      reasonCode: 'refuge-or-domestic-abuse',
      shieldedAt: '2025-02-03T04:05:06.000Z',
    });
    expect(atB.leadProfessional?.id).toBe('11111111-1111-4111-8111-111111111111');
  });

  it('marks services from A as from A, keeps an older LA’s mark, and clears the mark when the child comes home', () => {
    const atB = rowsOf(pkg, B).involvements;
    expect(atB.map((row) => row.fromLaCode)).toEqual([A, 'E06000001']);
    expect(atB.every((row) => row.registeredBy.startsWith('la:'))).toBe(true);
    const home = rowsOf(pkg, 'E06000001').involvements;
    expect(home.map((row) => row.fromLaCode)).toEqual([A, null]);
  });

  it('is refused when it is not this handover’s child between these LAs', () => {
    const expected = { handoverId: 'h-1', childId: CHILD, fromLa: A, toLa: B };
    expect(packageProblem(pkg, expected)).toBeUndefined();
    expect(packageProblem(pkg, { ...expected, handoverId: 'h-2' })).toBe('handover');
    expect(packageProblem(pkg, { ...expected, toLa: 'E06000001' })).toBe('pair');
    expect(packageProblem({ ...pkg, child: { ...pkg.child, id: 'other' } }, expected)).toBe('child');
    expect(packageProblem(null, expected)).toBe('version');
  });
});
