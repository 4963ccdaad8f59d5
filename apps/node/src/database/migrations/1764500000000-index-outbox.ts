import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The transactional outbox of locator index changes: written in the same transaction as the record change,
 * published to the hub in sequence order. Tokens only (keyed one-way encodings); no name or identifier.
 */
export class IndexOutbox1764500000000 implements MigrationInterface {
  name = 'IndexOutbox1764500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE index_outbox (
        sequence bigserial PRIMARY KEY,
        child_id uuid,
        version integer NOT NULL,
        operation text NOT NULL
          CHECK (operation IN ('upsert', 'delete', 'snapshot-begin', 'snapshot-end')),
        shielded boolean NOT NULL,
        -- NULL when FEDERATION_TOKEN_KEY was not set: recorded, never published (a snapshot replaces it).
        tokens jsonb,
        snapshot bigint,
        created_at timestamptz NOT NULL DEFAULT now(),
        published_at timestamptz,
        CHECK ((operation IN ('upsert', 'delete')) = (child_id IS NOT NULL))
      )`);
    await queryRunner.query(
      `CREATE INDEX index_outbox_unpublished ON index_outbox (sequence) WHERE published_at IS NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE index_outbox');
  }
}
