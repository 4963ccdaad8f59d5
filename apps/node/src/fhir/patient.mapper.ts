import type { CarerRelationship, ContactDetails, Gender } from '@cp/record-model';
import type { FullRecordView, InvolvementView } from '../record-store/record-view';
import type { ShieldedRecordView, ShieldingTeamContact } from '../record-store/shielded-view';
import type {
  CareTeam,
  CareTeamParticipant,
  CodeableConcept,
  ContactPoint,
  ContainedResource,
  Organization,
  Patient,
  Practitioner,
  RelatedPerson,
} from './fhir-types';
import {
  CARE_TEAM_ROLE_SYSTEM,
  CARER_RELATIONSHIP_SYSTEM,
  LA_CODE_SYSTEM,
  NHS_NUMBER_SYSTEM,
  ODS_CODE_SYSTEM,
  SCHOOL_URN_SYSTEM,
  SERVICE_TYPE_SYSTEM,
  UK_CORE_PATIENT,
  UPN_SYSTEM,
  V3_CONFIDENTIALITY,
  V3_OBSERVATION_VALUE,
  V3_ROLE_CODE,
} from './fhir-systems';

/** The record's genders as FHIR administrative genders. */
export function fhirGender(gender: Gender): NonNullable<Patient['gender']> {
  return gender === 'not-known' ? 'unknown' : gender;
}

/** HL7 v3 RoleCode for the carer relationships that have one; every carer also keeps this node's own code. */
const V3_RELATIONSHIP: Partial<Record<CarerRelationship, { code: string; display: string }>> = {
  mother: { code: 'MTH', display: 'mother' },
  father: { code: 'FTH', display: 'father' },
  'step-parent': { code: 'STPPRN', display: 'step parent' },
  grandparent: { code: 'GRPRN', display: 'grandparent' },
  'other-relative': { code: 'FAMMEMB', display: 'family member' },
  guardian: { code: 'GUARD', display: 'guardian' },
};

const RESTRICTED = { system: V3_CONFIDENTIALITY, code: 'R', display: 'restricted' };
const SUBSETTED = { system: V3_OBSERVATION_VALUE, code: 'SUBSETTED', display: 'subsetted' };

function telecomOf(contact: ContactDetails): ContactPoint[] | undefined {
  const telecom: ContactPoint[] = [];
  if (contact.telephone) telecom.push({ system: 'phone', value: contact.telephone, use: 'work' });
  if (contact.email) telecom.push({ system: 'email', value: contact.email, use: 'work' });
  return telecom.length > 0 ? telecom : undefined;
}

function withTelecom<T extends object>(resource: T, contact: ContactDetails): T {
  const telecom = telecomOf(contact);
  return telecom ? { ...resource, telecom } : resource;
}

function relationshipOf(relationship: CarerRelationship, parentalResponsibility: boolean): CodeableConcept[] {
  const v3 = V3_RELATIONSHIP[relationship];
  const concepts: CodeableConcept[] = [
    {
      coding: [
        ...(v3 ? [{ system: V3_ROLE_CODE, ...v3 }] : []),
        { system: CARER_RELATIONSHIP_SYSTEM, code: relationship },
      ],
      text: relationship,
    },
  ];
  if (parentalResponsibility) {
    concepts.push({
      coding: [{ system: CARER_RELATIONSHIP_SYSTEM, code: 'parental-responsibility' }],
      text: 'has parental responsibility',
    });
  }
  return concepts;
}

function participantRole(involvement: InvolvementView): CodeableConcept[] {
  const roles: CodeableConcept[] = [
    {
      coding: [{ system: SERVICE_TYPE_SYSTEM, code: involvement.serviceType }],
      text: involvement.role,
    },
  ];
  if (involvement.isLeadProfessional) {
    roles.push({
      coding: [{ system: CARE_TEAM_ROLE_SYSTEM, code: 'lead-professional' }],
      text: 'lead professional',
    });
  }
  return roles;
}

/** The involvements (and the school) as one CareTeam, each practitioner and organisation contained beside it. */
function careTeamOf(record: FullRecordView): { team?: CareTeam; members: ContainedResource[] } {
  const members: ContainedResource[] = [];
  const participant: CareTeamParticipant[] = [];
  record.involvements.forEach((involvement, index) => {
    const practitionerId = `practitioner-${index + 1}`;
    const organisationId = `organisation-${index + 1}`;
    members.push(
      withTelecom<Practitioner>(
        { resourceType: 'Practitioner', id: practitionerId, name: [{ text: involvement.practitionerName }] },
        involvement.contact,
      ),
      { resourceType: 'Organization', id: organisationId, name: involvement.organisation },
    );
    participant.push({
      role: participantRole(involvement),
      member: { reference: `#${practitionerId}`, display: involvement.practitionerName },
      onBehalfOf: { reference: `#${organisationId}`, display: involvement.organisation },
      period: { start: involvement.startDate, ...(involvement.endDate ? { end: involvement.endDate } : {}) },
    });
  });
  const school = record.educationalSetting;
  if (school) {
    members.push(
      withTelecom<Organization>(
        {
          resourceType: 'Organization',
          id: 'school',
          ...(school.urn ? { identifier: [{ system: SCHOOL_URN_SYSTEM, value: school.urn }] } : {}),
          name: school.name,
        },
        school.contact,
      ),
    );
    participant.push({
      role: [{ coding: [{ system: CARE_TEAM_ROLE_SYSTEM, code: 'educational-setting' }], text: 'school' }],
      member: { reference: '#school', display: school.name },
    });
  }
  if (participant.length === 0) return { members };
  const team: CareTeam = {
    resourceType: 'CareTeam',
    id: 'care-team',
    status: 'active',
    name: 'Practitioners and services involved',
    subject: { reference: '#' },
    participant,
  };
  return { team, members };
}

function shieldingTeamOrganisation(team: ShieldingTeamContact): Organization {
  return withTelecom<Organization>(
    { resourceType: 'Organization', id: 'shielding-team', name: team.name },
    { telephone: team.telephone, email: team.email },
  );
}

/**
 * A whole record as a UK Core-shaped Patient. Carers (RelatedPerson), the GP practice and school
 * (Organization), the involvements (Practitioner and Organization) and the CareTeam that ties them to the
 * child travel as contained resources: they have no life outside this record, and one read is one audited
 * view. Nothing beyond the record's basic information: no assessment, consent or "information to share" flag.
 */
export function patientFromRecord(record: FullRecordView): Patient {
  const contained: ContainedResource[] = record.carers.map((carer, index) =>
    withTelecom<RelatedPerson>(
      {
        resourceType: 'RelatedPerson',
        id: `carer-${index + 1}`,
        patient: { reference: '#' },
        relationship: relationshipOf(carer.relationship, carer.hasParentalResponsibility),
        name: [{ text: carer.name }],
      },
      carer.contact,
    ),
  );
  const gp = record.gpPractice;
  if (gp) {
    contained.push(
      withTelecom<Organization>(
        {
          resourceType: 'Organization',
          id: 'gp-practice',
          ...(gp.odsCode ? { identifier: [{ system: ODS_CODE_SYSTEM, value: gp.odsCode }] } : {}),
          name: gp.name,
        },
        gp.contact,
      ),
    );
  }
  const { team, members } = careTeamOf(record);
  contained.push(...members, ...(team ? [team] : []));
  if (record.movedOut) {
    const moved = record.movedOut;
    contained.push(
      withTelecom<Organization>(
        {
          resourceType: 'Organization',
          id: 'moved-to',
          identifier: [{ system: LA_CODE_SYSTEM, value: moved.toLaCode }],
          name: moved.contact.name,
        },
        { telephone: moved.contact.telephone, email: moved.contact.email },
      ),
    );
  }
  const { child } = record;
  return {
    resourceType: 'Patient',
    id: record.id,
    meta: {
      profile: [UK_CORE_PATIENT],
      versionId: String(record.version),
      lastUpdated: record.updatedAt,
      ...(record.shielded ? { security: [RESTRICTED] } : {}),
    },
    ...(contained.length > 0 ? { contained } : {}),
    ...identifiersOf(child),
    // A moved-out record is a stub: the child's record is maintained by the LA it moved to.
    active: record.movedOut === null,
    name: [
      { use: 'official', family: child.familyName, given: [child.givenName] },
      ...child.otherNames.map((name) => ({ use: 'usual' as const, text: name })),
    ],
    gender: fhirGender(child.gender),
    birthDate: child.dateOfBirth,
    address: [
      {
        use: 'home',
        line: [record.address.line1, ...(record.address.line2 ? [record.address.line2] : [])],
        city: record.address.town,
        postalCode: record.address.postcode,
      },
      ...record.addressHistory.map((old) => ({
        use: 'old' as const,
        line: [old.line1, ...(old.line2 ? [old.line2] : [])],
        city: old.town,
        postalCode: old.postcode,
        period: { ...(old.from ? { start: old.from } : {}), end: old.to },
      })),
    ],
    ...(gp ? { generalPractitioner: [{ reference: '#gp-practice', display: gp.name }] } : {}),
    managingOrganization: record.movedOut
      ? { reference: '#moved-to', display: record.movedOut.toLaName }
      : { identifier: { system: LA_CODE_SYSTEM, value: record.laCode } },
  };
}

function identifiersOf(child: FullRecordView['child']): Pick<Patient, 'identifier'> {
  const identifier = [
    ...(child.nhsNumber ? [{ system: NHS_NUMBER_SYSTEM, value: child.nhsNumber }] : []),
    ...(child.upn ? [{ system: UPN_SYSTEM, value: child.upn }] : []),
  ];
  return identifier.length > 0 ? { identifier } : {};
}

/**
 * What anyone but a shielding officer sees of a shielded record: name, gender and date of birth, marked
 * restricted, with the LA shielding team (the record's custodian for them) as the way to get in touch.
 * No address, identifier, carer, school, GP or involvement.
 */
export function patientFromShieldedView(view: ShieldedRecordView): Patient {
  return {
    resourceType: 'Patient',
    id: view.id,
    meta: { profile: [UK_CORE_PATIENT], security: [RESTRICTED] },
    contained: [shieldingTeamOrganisation(view.shieldingTeam)],
    name: [{ use: 'official', family: view.child.familyName, given: [view.child.givenName] }],
    gender: fhirGender(view.child.gender),
    birthDate: view.child.dateOfBirth,
    managingOrganization: { reference: '#shielding-team', display: view.shieldingTeam.name },
  };
}

/** A search result: what /api/v1/search shows (names, gender, date of birth, postcode), marked subsetted. */
export interface PatientSummary {
  id: string;
  child: { givenName: string; familyName: string; dateOfBirth: string; gender: Gender };
  postcode?: string;
}

export function patientFromSummary(summary: PatientSummary): Patient {
  return {
    resourceType: 'Patient',
    id: summary.id,
    meta: { profile: [UK_CORE_PATIENT], tag: [SUBSETTED] },
    name: [{ use: 'official', family: summary.child.familyName, given: [summary.child.givenName] }],
    gender: fhirGender(summary.child.gender),
    birthDate: summary.child.dateOfBirth,
    ...(summary.postcode ? { address: [{ use: 'home', postalCode: summary.postcode }] } : {}),
  };
}
