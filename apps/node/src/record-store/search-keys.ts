import type { EntityManager } from 'typeorm';
import { blockingKeys, type BlockingKeys, type PersonFields } from '@cp/matching';
import type { Child } from './child.entity';
import { ChildSearchKey } from './child-search-key.entity';

export const KEY_KINDS = [
  'family',
  'given',
  'dob',
  'district',
  'nhs',
  'upn',
] as const satisfies readonly (keyof BlockingKeys)[];

/** All of a child's fields that matching uses. */
export function personFieldsOfChild(child: Child): PersonFields {
  return {
    givenName: child.givenName,
    familyName: child.familyName,
    dateOfBirth: child.dateOfBirth,
    gender: child.gender,
    otherNames: child.otherNames,
    postcode: child.addressPostcode,
    ...(child.nhsNumber ? { nhsNumber: child.nhsNumber } : {}),
    ...(child.upn ? { upn: child.upn } : {}),
  };
}

/**
 * The fields a search may match a child on. A shielded child can be found only by its visible fields
 * (name, gender, date of birth): never by address, postcode or identifiers.
 */
export function searchableFields(child: Child): PersonFields {
  if (!child.shielded) return personFieldsOfChild(child);
  return {
    givenName: child.givenName,
    familyName: child.familyName,
    dateOfBirth: child.dateOfBirth,
    gender: child.gender,
  };
}

/** Replaces a child's blocking keys; called in the transaction of every write to the child. */
export async function writeSearchKeys(manager: EntityManager, child: Child): Promise<void> {
  const repository = manager.getRepository(ChildSearchKey);
  await repository.delete({ childId: child.id });
  const keys = blockingKeys(searchableFields(child));
  const rows = KEY_KINDS.flatMap((kind) =>
    [...new Set(keys[kind])].map((key) => ({ childId: child.id, kind, key })),
  );
  if (rows.length > 0) await repository.insert(rows);
}
