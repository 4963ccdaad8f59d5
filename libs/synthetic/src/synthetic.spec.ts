import { isEmail, isPhoneNumber } from 'class-validator';
import {
  isValidGpPracticeCode,
  isValidNhsNumber,
  isValidPostcode,
  isValidUpn,
  isValidUrn,
  postcodeDistrict,
} from '@cp/identifiers';
import {
  ASSESSMENT_TYPES,
  CARER_RELATIONSHIPS,
  GENDERS,
  SERVICE_TYPES,
  isSensitiveService,
  type CreateChildRecordInput,
} from '@cp/record-model';
import { ageOn, childrenFor, LA_PROFILES, laProfile, syntheticChild } from './index';

const REFERENCE_DATE = '2026-11-01';
const CHILDREN_PER_LA = 200;
const generated = Object.keys(LA_PROFILES).map((laCode) => ({
  laCode,
  children: childrenFor(laCode, CHILDREN_PER_LA, 7, REFERENCE_DATE),
}));
const everyChild = generated.flatMap(({ laCode, children }) => children.map((child) => ({ laCode, child })));

/** The keys each part of CreateChildRecordInput may carry: anything else would be refused by the node. */
const ALLOWED_KEYS = {
  child: [
    'givenName',
    'familyName',
    'otherNames',
    'dateOfBirth',
    'gender',
    'nhsNumber',
    'upn',
    'address',
    'carers',
    'educationalSetting',
    'gpPractice',
    'involvements',
  ],
  address: ['line1', 'line2', 'town', 'postcode'],
  contact: ['telephone', 'email'],
  carer: ['name', 'relationship', 'hasParentalResponsibility', 'contact'],
  organisation: ['name', 'urn', 'odsCode', 'contact'],
  involvement: [
    'practitionerName',
    'role',
    'organisation',
    'serviceType',
    'contact',
    'startDate',
    'endDate',
    'hasInformationToShare',
    'assessment',
    'consent',
    'isLeadProfessional',
  ],
};

function keysOutside(value: object, allowed: string[]): string[] {
  return Object.keys(value).filter((key) => !allowed.includes(key));
}

function isIsoDate(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value);
}

describe('synthetic children', () => {
  it('are the same for the same seed and differ for another seed', () => {
    expect(childrenFor('E09000033', 50, 7, REFERENCE_DATE)).toEqual(generated[0].children.slice(0, 50));
    expect(childrenFor('E09000033', 50, 8, REFERENCE_DATE)).not.toEqual(generated[0].children.slice(0, 50));
  });

  it('generates each child independently of the others (pure per index)', () => {
    expect(syntheticChild('E10000016', 123, 7, REFERENCE_DATE)).toEqual(generated[2].children[123]);
  });

  it('returns the requested count', () => {
    expect(childrenFor('E08000025', 0, 1, REFERENCE_DATE)).toHaveLength(0);
    for (const { children } of generated) expect(children).toHaveLength(CHILDREN_PER_LA);
    expect(() => childrenFor('E08000025', -1, 1, REFERENCE_DATE)).toThrow(/count/);
  });

  it('refuses an LA it has no profile for, naming it', () => {
    expect(() => childrenFor('E06000001', 1, 1, REFERENCE_DATE)).toThrow(/E06000001/);
  });

  it('are aged 0 to 17 on the reference date, and both ends occur', () => {
    const ages = everyChild.map(({ child }) => ageOn(child.dateOfBirth, REFERENCE_DATE));
    expect(Math.min(...ages)).toBe(0);
    expect(Math.max(...ages)).toBe(17);
    for (const { child } of everyChild) {
      expect(isIsoDate(child.dateOfBirth)).toBe(true);
      expect(child.dateOfBirth <= REFERENCE_DATE).toBe(true);
    }
  });

  it('carry valid identifiers: 999-range NHS numbers, the LA’s UPNs, its postcode districts, URNs, ODS codes', () => {
    for (const { laCode, child } of everyChild) {
      const profile = laProfile(laCode);
      if (child.nhsNumber !== undefined) {
        expect(isValidNhsNumber(child.nhsNumber)).toBe(true);
        expect(child.nhsNumber.startsWith('999')).toBe(true);
      }
      if (child.upn !== undefined) {
        expect(isValidUpn(child.upn)).toBe(true);
        expect(child.upn.slice(1, 4)).toBe(profile.dfeNumber);
      }
      expect(isValidPostcode(child.address.postcode)).toBe(true);
      expect(profile.districts.map((d) => d.district)).toContain(postcodeDistrict(child.address.postcode));
      if (child.educationalSetting?.urn !== undefined)
        expect(isValidUrn(child.educationalSetting.urn)).toBe(true);
      if (child.gpPractice?.odsCode !== undefined) {
        expect(isValidGpPracticeCode(child.gpPractice.odsCode)).toBe(true);
      }
    }
    expect(everyChild.filter(({ child }) => child.nhsNumber).length).toBeGreaterThan(everyChild.length * 0.8);
    expect(everyChild.filter(({ child }) => child.upn).length).toBeGreaterThan(everyChild.length * 0.5);
  });

  it('use only the controlled lists and carry no field outside the record model', () => {
    const check = (child: CreateChildRecordInput) => {
      expect(keysOutside(child, ALLOWED_KEYS.child)).toEqual([]);
      expect(keysOutside(child.address, ALLOWED_KEYS.address)).toEqual([]);
      expect(GENDERS).toContain(child.gender);
      expect(child.carers?.length).toBeGreaterThanOrEqual(1);
      expect(child.carers?.length).toBeLessThanOrEqual(2);
      for (const carer of child.carers ?? []) {
        expect(keysOutside(carer, ALLOWED_KEYS.carer)).toEqual([]);
        expect(keysOutside(carer.contact, ALLOWED_KEYS.contact)).toEqual([]);
        expect(CARER_RELATIONSHIPS).toContain(carer.relationship);
      }
      for (const organisation of [child.educationalSetting, child.gpPractice]) {
        if (!organisation) continue;
        expect(keysOutside(organisation, ALLOWED_KEYS.organisation)).toEqual([]);
        expect(keysOutside(organisation.contact, ALLOWED_KEYS.contact)).toEqual([]);
      }
      const involvements = child.involvements ?? [];
      expect(involvements.length).toBeLessThanOrEqual(4);
      expect(involvements.filter((item) => item.isLeadProfessional).length).toBeLessThanOrEqual(1);
      for (const item of involvements) {
        expect(keysOutside(item, ALLOWED_KEYS.involvement)).toEqual([]);
        expect(SERVICE_TYPES).toContain(item.serviceType);
        expect(item.startDate >= child.dateOfBirth && item.startDate <= REFERENCE_DATE).toBe(true);
        if (item.endDate !== undefined) expect(item.endDate >= item.startDate).toBe(true);
        if (item.assessment) {
          expect(ASSESSMENT_TYPES).toContain(item.assessment.type);
          expect(isIsoDate(item.assessment.date)).toBe(true);
        }
        // Sensitive services only ever with the young person's recorded consent.
        if (isSensitiveService(item.serviceType))
          expect(item.consent?.recordedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        else expect(item.consent).toBeUndefined();
      }
    };
    for (const { child } of everyChild) check(child);
  });

  it('carry UK telephone numbers and e-mail addresses the node accepts', () => {
    const contacts = everyChild.flatMap(({ child }) => [
      ...(child.carers ?? []).map((carer) => carer.contact),
      ...(child.involvements ?? []).map((item) => item.contact),
      ...[child.educationalSetting?.contact, child.gpPractice?.contact].filter(
        (contact) => contact !== undefined,
      ),
    ]);
    for (const contact of contacts) {
      if (contact.telephone !== undefined)
        expect([contact.telephone, isPhoneNumber(contact.telephone, 'GB')]).toEqual([
          contact.telephone,
          true,
        ]);
      if (contact.email !== undefined)
        expect([contact.email, isEmail(contact.email)]).toEqual([contact.email, true]);
    }
    expect(contacts.filter((contact) => contact.email !== undefined).length).toBeGreaterThan(100);
  });

  it('look varied and local: hyphenated and accented names, schools only for school age, some involvements', () => {
    const names = everyChild.map(({ child }) => `${child.givenName} ${child.familyName}`);
    expect(names.some((name) => name.includes('-'))).toBe(true);
    expect(names.some((name) => name.includes("'"))).toBe(true);
    expect(names.some((name) => /[^ -~]/.test(name))).toBe(true);
    expect(new Set(names).size).toBeGreaterThan(everyChild.length * 0.9);
    for (const { child } of everyChild) {
      if (child.educationalSetting)
        expect(ageOn(child.dateOfBirth, REFERENCE_DATE)).toBeGreaterThanOrEqual(4);
    }
    const involved = everyChild.filter(({ child }) => (child.involvements?.length ?? 0) > 0);
    expect(involved.length).toBeGreaterThan(everyChild.length * 0.3);
    expect(involved.some(({ child }) => child.involvements?.some((item) => item.isLeadProfessional))).toBe(
      true,
    );
    expect(involved.some(({ child }) => child.involvements?.some((item) => item.consent))).toBe(true);
    expect(involved.some(({ child }) => child.involvements?.some((item) => item.assessment))).toBe(true);
  });
});
