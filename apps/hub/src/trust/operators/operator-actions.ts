import type { EntityManager } from 'typeorm';
import type { Operator } from './operator-identity.service';

export type { Operator };

export type OperatorAction = 'handover-retry' | 'handover-abort';

/**
 * Writes who (the operator's certificate name and serial) did what to which handover, in the transaction of
 * the action itself, so an action is never taken without its record (operator_action is append-only).
 */
export async function recordOperatorAction(
  manager: EntityManager,
  operator: Operator,
  action: OperatorAction,
  handoverId: string,
  outcome: string,
): Promise<void> {
  await manager.query(
    `INSERT INTO operator_action (operator_name, operator_serial, action, handover_id, outcome)
     VALUES ($1, $2, $3, $4, $5)`,
    [operator.name, operator.serial, action, handoverId, outcome],
  );
}
