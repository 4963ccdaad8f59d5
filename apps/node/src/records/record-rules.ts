import { InvalidInputError } from '@cp/errors';
import type { InvolvementInput } from '@cp/record-model';
import type { Actor } from '../auth/roles';
import type { Child } from './child.entity';
import { ForbiddenError } from '@cp/errors';

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
