import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { NotFoundError } from '@cp/errors';
import { normaliseNhsNumber, normalisePostcode, normaliseUpn } from '@cp/identifiers';
import type {
  CarerInput,
  ChildDetailsInput,
  ContactDetails,
  EducationalSettingInput,
  GpPracticeInput,
  InvolvementInput,
} from '@cp/record-model';
import { Carer } from './carer.entity';
import { Child } from './child.entity';
import { EducationalSetting } from './educational-setting.entity';
import { GpPractice } from './gp-practice.entity';
import { Involvement } from './involvement.entity';
import { PreviousAddress } from './previous-address.entity';
import type { RecordParts } from './record-view';

/** Maps validated input to rows: identifiers and postcodes are stored normalised; absent means null. */
export function childDetailsRow(
  input: ChildDetailsInput,
): Omit<
  Child,
  | 'id'
  | 'version'
  | 'addressFrom'
  | 'shielded'
  | 'shieldingReason'
  | 'shieldedAt'
  | 'shieldedBy'
  | 'handoverId'
  | 'movedOut'
  | 'createdAt'
  | 'updatedAt'
> {
  return {
    givenName: input.givenName.trim(),
    familyName: input.familyName.trim(),
    otherNames: (input.otherNames ?? []).map((name) => name.trim()),
    dateOfBirth: input.dateOfBirth,
    gender: input.gender,
    nhsNumber: input.nhsNumber ? normaliseNhsNumber(input.nhsNumber) : null,
    upn: input.upn ? normaliseUpn(input.upn) : null,
    addressLine1: input.address.line1.trim(),
    addressLine2: input.address.line2?.trim() || null,
    addressTown: input.address.town.trim(),
    addressPostcode: normalisePostcode(input.address.postcode),
  };
}

function contactColumns(contact: ContactDetails | undefined): {
  telephone: string | null;
  email: string | null;
} {
  return { telephone: contact?.telephone?.trim() || null, email: contact?.email?.trim() || null };
}

export function carerRows(childId: string, carers: CarerInput[] = []): Carer[] {
  return carers.map((carer, position) =>
    Object.assign(new Carer(), {
      id: randomUUID(),
      childId,
      position,
      name: carer.name.trim(),
      relationship: carer.relationship,
      hasParentalResponsibility: carer.hasParentalResponsibility,
      ...contactColumns(carer.contact),
    }),
  );
}

export function educationalSettingRow(childId: string, input: EducationalSettingInput): EducationalSetting {
  return Object.assign(new EducationalSetting(), {
    childId,
    name: input.name.trim(),
    urn: input.urn ?? null,
    ...contactColumns(input.contact),
  });
}

export function gpPracticeRow(childId: string, input: GpPracticeInput): GpPractice {
  return Object.assign(new GpPractice(), {
    childId,
    name: input.name.trim(),
    odsCode: input.odsCode ? input.odsCode.toUpperCase() : null,
    ...contactColumns(input.contact),
  });
}

export function involvementRow(childId: string, input: InvolvementInput, registeredBy: string): Involvement {
  return Object.assign(new Involvement(), {
    id: randomUUID(),
    childId,
    practitionerName: input.practitionerName.trim(),
    role: input.role.trim(),
    organisation: input.organisation.trim(),
    serviceType: input.serviceType,
    ...contactColumns(input.contact),
    startDate: input.startDate,
    endDate: input.endDate ?? null,
    hasInformationToShare: input.hasInformationToShare ?? false,
    assessmentType: input.assessment?.type ?? null,
    assessmentDate: input.assessment?.date ?? null,
    consentRecordedOn: input.consent?.recordedOn ?? null,
    isLeadProfessional: input.isLeadProfessional ?? false,
    registeredBy,
  });
}

/** Locks the child's row for the rest of the transaction, so concurrent writes to one record queue up. */
export async function lockChild(manager: EntityManager, id: string): Promise<Child> {
  const child = await manager
    .getRepository(Child)
    .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  if (!child) throw new NotFoundError(`No child record ${id}`);
  return child;
}

export async function findChild(manager: EntityManager, id: string): Promise<Child> {
  const child = await manager.getRepository(Child).findOneBy({ id });
  if (!child) throw new NotFoundError(`No child record ${id}`);
  return child;
}

/** Every write adds one to the version; returns the new one. */
export async function bumpVersion(manager: EntityManager, child: Child): Promise<number> {
  const version = child.version + 1;
  await manager.getRepository(Child).update({ id: child.id }, { version });
  child.version = version;
  return version;
}

export async function loadRecordParts(manager: EntityManager, child: Child): Promise<RecordParts> {
  const childId = child.id;
  // One after another: a transaction holds one connection, and pg refuses concurrent queries on it.
  const previousAddresses = await manager.getRepository(PreviousAddress).findBy({ childId });
  const carers = await manager.getRepository(Carer).findBy({ childId });
  const educationalSetting = await manager.getRepository(EducationalSetting).findOneBy({ childId });
  const gpPractice = await manager.getRepository(GpPractice).findOneBy({ childId });
  const involvements = await manager.getRepository(Involvement).findBy({ childId });
  return { child, previousAddresses, carers, educationalSetting, gpPractice, involvements };
}
