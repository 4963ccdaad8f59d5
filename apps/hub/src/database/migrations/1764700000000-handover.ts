import type { MigrationInterface, QueryRunner } from 'typeorm';
import { HUB_HANDOVER_STATES, OPEN_HUB_HANDOVER_STATES } from '@cp/contract';

const list = (values: readonly string[]): string => values.map((value) => `'${value}'`).join(', ');

/**
 * The hub's handover log (issue 6): ids, LA codes, step, reason codes and times; never personal data.
 * One open handover per child (a partial unique index): of two LAs asking at once, one wins.
 * `handover_step` makes each node's step apply once; `handover_delivery` is the hub's outbox to nodes
 * (a sealed package or a signed receipt is held there, unreadable to the hub, until delivered, then cleared).
 */
export class Handover1764700000000 implements MigrationInterface {
  name = 'Handover1764700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE handover (
        id uuid PRIMARY KEY,
        child_id uuid NOT NULL,
        from_la text NOT NULL,
        to_la text NOT NULL CHECK (to_la <> from_la),
        initiated_by text NOT NULL CHECK (initiated_by IN ('sender', 'receiver')),
        reason_code text NOT NULL,
        state text NOT NULL CHECK (state IN (${list(HUB_HANDOVER_STATES)})),
        end_reason text,
        correlation_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        step_at timestamptz NOT NULL DEFAULT now(),
        ended_at timestamptz
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX handover_one_open_per_child ON handover (child_id)
        WHERE state IN (${list(OPEN_HUB_HANDOVER_STATES)})`,
    );
    await queryRunner.query(`CREATE INDEX handover_step_at ON handover (step_at)`);
    await queryRunner.query(`
      CREATE TABLE handover_step (
        handover_id uuid NOT NULL,
        kind text NOT NULL,
        la_code text NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now(),
        outcome text NOT NULL,
        PRIMARY KEY (handover_id, kind, la_code)
      )`);
    await queryRunner.query(`
      CREATE TABLE handover_delivery (
        id uuid PRIMARY KEY,
        sequence bigserial UNIQUE,
        handover_id uuid NOT NULL REFERENCES handover (id),
        la_code text NOT NULL,
        kind text NOT NULL,
        payload jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        last_error text,
        delivered_at timestamptz,
        voided_at timestamptz
      )`);
    await queryRunner.query(
      `CREATE INDEX handover_delivery_pending ON handover_delivery (la_code, sequence)
        WHERE delivered_at IS NULL AND voided_at IS NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE handover_delivery');
    await queryRunner.query('DROP TABLE handover_step');
    await queryRunner.query('DROP TABLE handover');
  }
}
