import type { EntityManager } from 'typeorm';
import { ConflictError, InvalidInputError } from '@cp/errors';
import type { InvolvementInput } from '@cp/record-model';
import type { Actor } from '../access/roles';
import { ForbiddenError } from '@cp/errors';
import { Child } from './child.entity';

/** Rules across fields that class-validator does not express. Field paths match the request body's. */
export function assertInvolvementDates(
  input: Pick<InvolvementInput, 'startDate' | 'endDate'>,
  path: string,
): void {
  if (input.endDate && input.endDate < input.startDate) {
    throw InvalidInputError.field(
      `${path}endDate`,
      'notBeforeStart',
      `${path}endDate must not be before startDate`,
    );
  }
}

/** At most one current lead professional per child. */
export function assertOneLeadProfessional(involvements: InvolvementInput[]): void {
  const leads = involvements.filter((involvement) => involvement.isLeadProfessional);
  if (leads.length > 1) {
    throw InvalidInputError.field(
      'involvements',
      'oneLeadProfessional',
      'A child has at most one lead professional',
    );
  }
  involvements.forEach((involvement, index) => {
    if (involvement.isLeadProfessional && involvement.endDate) {
      throw InvalidInputError.field(
        `involvements.${index}.isLeadProfessional`,
        'leadIsCurrent',
        'An ended involvement cannot be the lead professional',
      );
    }
  });
}

/** Only a shielding officer (or the node itself) sees, or maintains, a shielded record in full. */
export function seesShieldedDetails(actor: Actor): boolean {
  return actor.role === 'shielding-officer' || actor.role === 'system';
}

/** Data managers maintain records, but a shielded one only through the shielding team. */
export function assertMayMaintain(child: Child, actor: Actor): void {
  if (child.shielded && !seesShieldedDetails(actor)) {
    throw new ForbiddenError('This record is shielded: contact the LA shielding team');
  }
}

/**
 * A record may be written only while it is live here: not frozen by an open handover (issue 6: a change
 * during a handover is refused, never silently lost) and not moved out to another LA.
 */
export function assertWritable(child: Child): void {
  if (child.movedOut) {
    const message = `Record ${child.id} has moved to LA ${child.movedOut.toLaCode}: it is maintained there now`;
    throw new ConflictError(message, [{ field: 'movedOut', rule: 'movedOut', message }]);
  }
  if (child.handoverId) {
    const message = `Record ${child.id} is being handed over (handover ${child.handoverId}): no change until it ends`;
    throw new ConflictError(message, [{ field: 'handoverInProgress', rule: 'handoverInProgress', message }]);
  }
}

/**
 * An NHS number or UPN belongs to one record per node. Checked before writing so the 409 names the field
 * (and no failing INSERT is logged with its values); the unique indexes still decide any race.
 */
export async function assertIdentifiersUnused(
  manager: EntityManager,
  identifiers: { nhsNumber: string | null; upn: string | null },
  ownId: string,
): Promise<void> {
  for (const field of ['nhsNumber', 'upn'] as const) {
    const value = identifiers[field];
    if (!value) continue;
    const holder = await manager
      .getRepository(Child)
      .findOne({ where: { [field]: value }, select: { id: true } });
    if (holder && holder.id !== ownId) {
      const message = `${field} is already on another record at this node`;
      throw new ConflictError(message, [{ field, rule: 'unique', message }]);
    }
  }
}
