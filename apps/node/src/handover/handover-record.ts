import type { EntityManager } from 'typeorm';
import type { HandoverReceipt, SealedHandoverPackage } from '@cp/contract';
import { IndexOutboxService } from '../index-outbox/index-outbox.service';
import { Carer } from '../records/carer.entity';
import { Child } from '../records/child.entity';
import { EducationalSetting } from '../records/educational-setting.entity';
import { GpPractice } from '../records/gp-practice.entity';
import { Involvement } from '../records/involvement.entity';
import { PreviousAddress } from '../records/previous-address.entity';
import { writeSearchKeys } from '../search/search-keys';
import { rowsOf } from './handover-package';

/**
 * What a handover does to the record tables, inside the caller's transaction: the receiver makes the
 * record its own from the package; the sender leaves a stub. The index outbox is written in the same
 * transaction, so the hub's index moves from A to B as the two commits reach it.
 */

/** Another live record here with the package's NHS number or UPN: B cannot hold two. */
export async function identifierConflict(
  manager: EntityManager,
  pkg: SealedHandoverPackage,
): Promise<boolean> {
  for (const [column, value] of [
    ['nhs_number', pkg.child.nhsNumber],
    ['upn', pkg.child.upn],
  ] as const) {
    if (!value) continue;
    const rows = await manager.query<unknown[]>(`SELECT 1 FROM child WHERE ${column} = $1 AND id <> $2`, [
      value,
      pkg.child.id,
    ]);
    if (rows.length > 0) return true;
  }
  return false;
}

/** B: the record from the package becomes a live record here, with its search keys and index entry. */
export async function materialise(
  manager: EntityManager,
  pkg: SealedHandoverPackage,
  indexOutbox: IndexOutboxService,
  ownLa: string,
): Promise<Child> {
  const parts = rowsOf(pkg, ownLa);
  // A child moving back leaves a stub here from the earlier move: the record replaces it.
  await manager.query(`DELETE FROM child WHERE id = $1 AND moved_out IS NOT NULL`, [parts.child.id]);
  await manager.getRepository(Child).insert(parts.child);
  if (parts.previousAddresses.length > 0)
    await manager.getRepository(PreviousAddress).insert(parts.previousAddresses);
  if (parts.carers.length > 0) await manager.getRepository(Carer).insert(parts.carers);
  if (parts.educationalSetting)
    await manager.getRepository(EducationalSetting).insert(parts.educationalSetting);
  if (parts.gpPractice) await manager.getRepository(GpPractice).insert(parts.gpPractice);
  if (parts.involvements.length > 0) await manager.getRepository(Involvement).insert(parts.involvements);
  await writeSearchKeys(manager, parts.child);
  await indexOutbox.enqueueChild(manager, parts.child);
  return parts.child;
}

/**
 * A: the record becomes a stub. Kept: the federation id, name, date of birth and gender (so A's
 * practitioners recognise the child), the shielding flag, and where the record went. Removed: address,
 * identifiers, other names, carers, school, GP, involvements and search keys, so the stub is not found
 * as a live record and nothing of the record is held twice. The hub's entry for A is deleted.
 */
export async function leaveStub(
  manager: EntityManager,
  child: Child,
  receipt: HandoverReceipt,
  indexOutbox: IndexOutboxService,
): Promise<Child> {
  for (const table of [
    'child_previous_address',
    'carer',
    'educational_setting',
    'gp_practice',
    'involvement',
    'child_search_key',
  ])
    await manager.query(`DELETE FROM ${table} WHERE child_id = $1`, [child.id]);
  const stub = {
    otherNames: [],
    nhsNumber: null,
    upn: null,
    addressLine1: '',
    addressLine2: null,
    addressTown: '',
    addressPostcode: '',
    handoverId: null,
    movedOut: {
      toLaCode: receipt.toLa,
      toLaName: receipt.toLaName,
      movedOn: receipt.movedOn,
      contact: {
        name: receipt.contact.name,
        telephone: receipt.contact.telephone,
        email: receipt.contact.email,
      },
    },
    version: child.version + 1,
  };
  await manager.getRepository(Child).update({ id: child.id }, stub);
  Object.assign(child, stub);
  await indexOutbox.enqueueChild(manager, child, 'delete');
  return child;
}
