import type {
  AssessmentType,
  CarerRelationship,
  ContactDetails,
  Gender,
  PostalAddress,
  ServiceType,
} from '@cp/record-model';
import type { ShieldingReason } from './shielding-reasons';
import { ageOn } from './age';
import type { Carer } from './carer.entity';
import type { Child, MovedOut } from './child.entity';
import type { EducationalSetting } from './educational-setting.entity';
import type { GpPractice } from './gp-practice.entity';
import type { Involvement } from './involvement.entity';
import type { PreviousAddress } from './previous-address.entity';

export interface ChildSummary {
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  age: number;
  gender: Gender;
}

export interface InvolvementView {
  id: string;
  practitionerName: string;
  role: string;
  organisation: string;
  serviceType: ServiceType;
  contact: ContactDetails;
  startDate: string;
  endDate: string | null;
  current: boolean;
  hasInformationToShare: boolean;
  assessment: { type: AssessmentType; date: string } | null;
  consent: { recordedOn: string } | null;
  isLeadProfessional: boolean;
  /** The LA this service was delivered in, for an involvement carried from the child's old area; else null. */
  fromLa: { laCode: string; laName: string } | null;
}

/** The whole record, as its holding node shows it to those allowed to see all of it. */
export interface FullRecordView {
  id: string;
  laCode: string;
  version: number;
  shielded: boolean;
  /** Present only when shielded (and so only ever shown to a shielding officer). */
  shielding: { reasonCode: ShieldingReason; shieldedAt: string } | null;
  child: ChildSummary & { otherNames: string[]; nhsNumber: string | null; upn: string | null };
  address: PostalAddress;
  addressHistory: {
    line1: string;
    line2?: string;
    town: string;
    postcode: string;
    from?: string;
    to: string;
  }[];
  carers: {
    name: string;
    relationship: CarerRelationship;
    hasParentalResponsibility: boolean;
    contact: ContactDetails;
  }[];
  educationalSetting: { name: string; urn?: string; contact: ContactDetails } | null;
  gpPractice: { name: string; odsCode?: string; contact: ContactDetails } | null;
  involvements: InvolvementView[];
  leadProfessional: InvolvementView | null;
  /** Set on the stub a moved-out record leaves: the LA it went to, when, and how to reach that LA. */
  movedOut: MovedOut | null;
  createdAt: string;
  updatedAt: string;
}

export interface RecordParts {
  child: Child;
  previousAddresses: PreviousAddress[];
  carers: Carer[];
  educationalSetting: EducationalSetting | null;
  gpPractice: GpPractice | null;
  involvements: Involvement[];
}

function contactOf(row: { telephone: string | null; email: string | null }): ContactDetails {
  return {
    ...(row.telephone ? { telephone: row.telephone } : {}),
    ...(row.email ? { email: row.email } : {}),
  };
}

export function childSummary(child: Child, today: string): ChildSummary {
  return {
    givenName: child.givenName,
    familyName: child.familyName,
    dateOfBirth: child.dateOfBirth,
    age: ageOn(child.dateOfBirth, today),
    gender: child.gender,
  };
}

export function involvementView(row: Involvement, today: string): InvolvementView {
  return {
    id: row.id,
    practitionerName: row.practitionerName,
    role: row.role,
    organisation: row.organisation,
    serviceType: row.serviceType,
    contact: contactOf(row),
    startDate: row.startDate,
    endDate: row.endDate,
    current: row.endDate === null || row.endDate >= today,
    hasInformationToShare: row.hasInformationToShare,
    assessment:
      row.assessmentType && row.assessmentDate
        ? { type: row.assessmentType, date: row.assessmentDate }
        : null,
    consent: row.consentRecordedOn ? { recordedOn: row.consentRecordedOn } : null,
    isLeadProfessional: row.isLeadProfessional,
    fromLa: row.fromLaCode && row.fromLaName ? { laCode: row.fromLaCode, laName: row.fromLaName } : null,
  };
}

/** Builds the full view from the record's rows; `today` makes age and "current" deterministic in tests. */
export function fullRecordView(parts: RecordParts, laCode: string, today: string): FullRecordView {
  const { child } = parts;
  const involvements = [...parts.involvements]
    .sort((a, b) => a.startDate.localeCompare(b.startDate) || a.id.localeCompare(b.id))
    .map((row) => involvementView(row, today));
  return {
    id: child.id,
    laCode,
    version: child.version,
    shielded: child.shielded,
    shielding:
      child.shielded && child.shieldingReason && child.shieldedAt
        ? { reasonCode: child.shieldingReason, shieldedAt: child.shieldedAt.toISOString() }
        : null,
    child: {
      ...childSummary(child, today),
      otherNames: child.otherNames,
      nhsNumber: child.nhsNumber,
      upn: child.upn,
    },
    address: {
      line1: child.addressLine1,
      ...(child.addressLine2 ? { line2: child.addressLine2 } : {}),
      town: child.addressTown,
      postcode: child.addressPostcode,
    },
    addressHistory: [...parts.previousAddresses]
      .sort((a, b) => b.toDate.localeCompare(a.toDate))
      .map((row) => ({
        line1: row.line1,
        ...(row.line2 ? { line2: row.line2 } : {}),
        town: row.town,
        postcode: row.postcode,
        ...(row.fromDate ? { from: row.fromDate } : {}),
        to: row.toDate,
      })),
    carers: [...parts.carers]
      .sort((a, b) => a.position - b.position)
      .map((row) => ({
        name: row.name,
        relationship: row.relationship,
        hasParentalResponsibility: row.hasParentalResponsibility,
        contact: contactOf(row),
      })),
    educationalSetting: parts.educationalSetting
      ? {
          name: parts.educationalSetting.name,
          ...(parts.educationalSetting.urn ? { urn: parts.educationalSetting.urn } : {}),
          contact: contactOf(parts.educationalSetting),
        }
      : null,
    gpPractice: parts.gpPractice
      ? {
          name: parts.gpPractice.name,
          ...(parts.gpPractice.odsCode ? { odsCode: parts.gpPractice.odsCode } : {}),
          contact: contactOf(parts.gpPractice),
        }
      : null,
    involvements,
    leadProfessional: involvements.find((involvement) => involvement.isLeadProfessional) ?? null,
    movedOut: child.movedOut ?? null,
    createdAt: child.createdAt.toISOString(),
    updatedAt: child.updatedAt.toISOString(),
  };
}
