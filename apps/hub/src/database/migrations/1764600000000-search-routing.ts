import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The hub's routing log of cross-boundary searches: LA codes, counts, times; no personal data, no tokens. */
export class SearchRouting1764600000000 implements MigrationInterface {
  name = 'SearchRouting1764600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE search_routing_log (
        id bigserial PRIMARY KEY,
        route_id uuid NOT NULL UNIQUE,
        correlation_id uuid NOT NULL,
        from_la text NOT NULL,
        to_las text[] NOT NULL,
        answered_las text[] NOT NULL DEFAULT '{}',
        unanswered_las text[] NOT NULL DEFAULT '{}',
        index_entries integer NOT NULL CHECK (index_entries >= 0),
        outcome text NOT NULL CHECK (outcome IN ('routed', 'forwarded', 'no-candidates')),
        received_at timestamptz NOT NULL,
        lookup_ms integer NOT NULL,
        forward_ms integer,
        forwarded_at timestamptz
      )`);
    await queryRunner.query(
      `CREATE INDEX search_routing_log_correlation ON search_routing_log (correlation_id)`,
    );
    await queryRunner.query(`CREATE INDEX search_routing_log_received ON search_routing_log (received_at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE search_routing_log`);
  }
}
