import type { EntityManager } from 'typeorm';
import type { HandoverReceipt, SealedHandoverPackage } from '@cp/contract';
import type { Child } from '../record-store/child.entity';
import type { RecordStore } from '../record-store/record-store.service';
import { rowsOf } from './handover-package';

/**
 * What a handover does to the record tables, inside the caller's transaction: the receiver makes the
 * record its own from the package; the sender leaves a stub. The index outbox is written in the same
 * transaction (through the record store), so the hub's index moves from A to B as the two commits reach it.
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
  store: RecordStore,
  ownLa: string,
): Promise<Child> {
  const parts = rowsOf(pkg, ownLa);
  // A child moving back leaves a stub here from the earlier move: the record replaces it.
  await store.removeStub(manager, parts.child.id);
  return store.insert(manager, parts);
}

/**
 * A: the record becomes a stub. Kept: the federation id, name, date of birth and gender (so A's
 * practitioners recognise the child), the shielding flag, and where the record went. Removed: address,
 * identifiers, other names, carers, school, GP, involvements and search keys, so the stub is not found
 * as a live record and nothing of the record is held twice. The hub's entry for A is deleted.
 */
export function leaveStub(
  manager: EntityManager,
  child: Child,
  receipt: HandoverReceipt,
  store: RecordStore,
): Promise<Child> {
  return store.leaveStub(manager, child, {
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
  });
}
