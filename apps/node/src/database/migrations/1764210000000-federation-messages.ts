import type { MigrationInterface, QueryRunner } from 'typeorm';

export class FederationMessages1764210000000 implements MigrationInterface {
  name = 'FederationMessages1764210000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE federation_message (
        id bigserial PRIMARY KEY,
        direction text NOT NULL CHECK (direction IN ('received', 'sent')),
        outcome text NOT NULL,
        sender text NOT NULL,
        recipient text NOT NULL,
        type text NOT NULL,
        nonce text NOT NULL,
        cert_fingerprint text NOT NULL,
        logged_at timestamptz NOT NULL,
        envelope jsonb
      )`);
    await queryRunner.query(`CREATE INDEX federation_message_time ON federation_message (logged_at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE federation_message`);
  }
}
