import { randomUUID } from 'node:crypto';
import {
  HANDOVER_CONTRACT_VERSION,
  type HandoverContactDetails,
  type SealedHandoverPackage,
} from '@cp/contract';
import type { AssessmentType, CarerRelationship, Gender, ServiceType } from '@cp/record-model';
import type { ShieldingReason } from '../record-store/shielding-reasons';
import { Carer } from '../record-store/carer.entity';
import { Child } from '../record-store/child.entity';
import { EducationalSetting } from '../record-store/educational-setting.entity';
import { GpPractice } from '../record-store/gp-practice.entity';
import { Involvement } from '../record-store/involvement.entity';
import { PreviousAddress } from '../record-store/previous-address.entity';
import type { RecordParts } from '../record-store/record-view';

/** The record of a child as rows, one field for one field, whichever way it travels. */

function contactOf(row: { telephone: string | null; email: string | null }): HandoverContactDetails {
  return {
    ...(row.telephone ? { telephone: row.telephone } : {}),
    ...(row.email ? { email: row.email } : {}),
  };
}

function columnsOf(contact: HandoverContactDetails): { telephone: string | null; email: string | null } {
  return { telephone: contact.telephone ?? null, email: contact.email ?? null };
}

/** What A seals for B: every part of the record, with shielding, indicators and the lead professional. */
export function packageOf(
  parts: RecordParts,
  input: { handoverId: string; fromLa: string; fromLaName: string; toLa: string },
): SealedHandoverPackage {
  const { child } = parts;
  return {
    v: HANDOVER_CONTRACT_VERSION,
    handoverId: input.handoverId,
    fromLa: input.fromLa,
    fromLaName: input.fromLaName,
    toLa: input.toLa,
    version: child.version,
    child: {
      id: child.id,
      givenName: child.givenName,
      familyName: child.familyName,
      otherNames: child.otherNames,
      dateOfBirth: child.dateOfBirth,
      gender: child.gender,
      nhsNumber: child.nhsNumber,
      upn: child.upn,
      address: {
        line1: child.addressLine1,
        line2: child.addressLine2,
        town: child.addressTown,
        postcode: child.addressPostcode,
        from: child.addressFrom,
      },
      shielding:
        child.shielded && child.shieldingReason && child.shieldedAt
          ? {
              reasonCode: child.shieldingReason,
              shieldedAt: new Date(child.shieldedAt).toISOString(),
              shieldedBy: child.shieldedBy ?? 'unknown',
            }
          : null,
    },
    previousAddresses: parts.previousAddresses.map((row) => ({
      line1: row.line1,
      line2: row.line2,
      town: row.town,
      postcode: row.postcode,
      from: row.fromDate,
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
          urn: parts.educationalSetting.urn,
          contact: contactOf(parts.educationalSetting),
        }
      : null,
    gpPractice: parts.gpPractice
      ? {
          name: parts.gpPractice.name,
          odsCode: parts.gpPractice.odsCode,
          contact: contactOf(parts.gpPractice),
        }
      : null,
    involvements: parts.involvements.map((row) => ({
      id: row.id,
      practitionerName: row.practitionerName,
      role: row.role,
      organisation: row.organisation,
      serviceType: row.serviceType,
      contact: contactOf(row),
      startDate: row.startDate,
      endDate: row.endDate,
      hasInformationToShare: row.hasInformationToShare,
      assessment:
        row.assessmentType && row.assessmentDate
          ? { type: row.assessmentType, date: row.assessmentDate }
          : null,
      consentRecordedOn: row.consentRecordedOn,
      isLeadProfessional: row.isLeadProfessional,
      // Services from an even older area keep their LA; the rest were delivered in A.
      fromLa:
        row.fromLaCode && row.fromLaName
          ? { laCode: row.fromLaCode, laName: row.fromLaName }
          : { laCode: input.fromLa, laName: input.fromLaName },
    })),
  };
}

/**
 * B's rows for a package: the same federation id and involvement ids, one version on from A's. Services
 * delivered in B itself (a child moving back) are B's own again: no `fromLa`.
 */
export function rowsOf(pkg: SealedHandoverPackage, ownLa: string): RecordParts {
  const id = pkg.child.id;
  const shielding = pkg.child.shielding;
  const child = Object.assign(new Child(), {
    id,
    givenName: pkg.child.givenName,
    familyName: pkg.child.familyName,
    otherNames: pkg.child.otherNames,
    dateOfBirth: pkg.child.dateOfBirth,
    gender: pkg.child.gender as Gender,
    nhsNumber: pkg.child.nhsNumber,
    upn: pkg.child.upn,
    addressLine1: pkg.child.address.line1,
    addressLine2: pkg.child.address.line2,
    addressTown: pkg.child.address.town,
    addressPostcode: pkg.child.address.postcode,
    addressFrom: pkg.child.address.from,
    version: pkg.version + 1,
    shielded: shielding !== null,
    shieldingReason: (shielding?.reasonCode as ShieldingReason | undefined) ?? null,
    shieldedAt: shielding ? new Date(shielding.shieldedAt) : null,
    shieldedBy: shielding?.shieldedBy ?? null,
    handoverId: null,
    movedOut: null,
  });
  return {
    child,
    previousAddresses: pkg.previousAddresses.map((row) =>
      Object.assign(new PreviousAddress(), {
        id: randomUUID(),
        childId: id,
        line1: row.line1,
        line2: row.line2,
        town: row.town,
        postcode: row.postcode,
        fromDate: row.from,
        toDate: row.to,
      }),
    ),
    carers: pkg.carers.map((row, position) =>
      Object.assign(new Carer(), {
        id: randomUUID(),
        childId: id,
        position,
        name: row.name,
        relationship: row.relationship as CarerRelationship,
        hasParentalResponsibility: row.hasParentalResponsibility,
        ...columnsOf(row.contact),
      }),
    ),
    educationalSetting: pkg.educationalSetting
      ? Object.assign(new EducationalSetting(), {
          childId: id,
          name: pkg.educationalSetting.name,
          urn: pkg.educationalSetting.urn,
          ...columnsOf(pkg.educationalSetting.contact),
        })
      : null,
    gpPractice: pkg.gpPractice
      ? Object.assign(new GpPractice(), {
          childId: id,
          name: pkg.gpPractice.name,
          odsCode: pkg.gpPractice.odsCode,
          ...columnsOf(pkg.gpPractice.contact),
        })
      : null,
    involvements: pkg.involvements.map((row) =>
      Object.assign(new Involvement(), {
        id: row.id,
        childId: id,
        practitionerName: row.practitionerName,
        role: row.role,
        organisation: row.organisation,
        serviceType: row.serviceType as ServiceType,
        ...columnsOf(row.contact),
        startDate: row.startDate,
        endDate: row.endDate,
        hasInformationToShare: row.hasInformationToShare,
        assessmentType: (row.assessment?.type as AssessmentType | undefined) ?? null,
        assessmentDate: row.assessment?.date ?? null,
        consentRecordedOn: row.consentRecordedOn,
        isLeadProfessional: row.isLeadProfessional,
        // Registered in another LA: a practitioner here cannot change it as their own; data managers can.
        registeredBy: `la:${row.fromLa.laCode}`,
        fromLaCode: row.fromLa.laCode === ownLa ? null : row.fromLa.laCode,
        fromLaName: row.fromLa.laCode === ownLa ? null : row.fromLa.laName.slice(0, 100),
      }),
    ),
  };
}

/** The package's own consistency: what A sealed must be this handover's child between these LAs. */
export function packageProblem(
  pkg: Partial<SealedHandoverPackage> | null,
  expected: { handoverId: string; childId: string; fromLa: string; toLa: string },
): string | undefined {
  if (!pkg || pkg.v !== HANDOVER_CONTRACT_VERSION) return 'version';
  if (pkg.handoverId !== expected.handoverId) return 'handover';
  if (pkg.fromLa !== expected.fromLa || pkg.toLa !== expected.toLa) return 'pair';
  if (pkg.child?.id !== expected.childId) return 'child';
  if (typeof pkg.version !== 'number' || !Array.isArray(pkg.involvements) || !Array.isArray(pkg.carers))
    return 'shape';
  return undefined;
}
