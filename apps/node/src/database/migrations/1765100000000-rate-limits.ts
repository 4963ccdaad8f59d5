import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Per-user rate limits (anti-trawl): one fixed-window counter per user and limit, shared by every node
 * process (libs/database fixed-window.ts). Keys are `<limit>:<user id>`: no personal data.
 */
export class RateLimits1765100000000 implements MigrationInterface {
  name = 'RateLimits1765100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE rate_limit_window (
        key text PRIMARY KEY,
        window_ends_at timestamptz NOT NULL,
        hits integer NOT NULL CHECK (hits > 0)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE rate_limit_window');
  }
}
