import type { MigrationInterface, QueryRunner } from 'typeorm';

export class FederationTrust1764210000000 implements MigrationInterface {
  name = 'FederationTrust1764210000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE issued_certificate (
        sequence bigint PRIMARY KEY,
        serial text NOT NULL UNIQUE,
        subject text NOT NULL,
        fingerprint char(64) NOT NULL UNIQUE,
        certificate_pem text NOT NULL,
        not_before timestamptz NOT NULL,
        not_after timestamptz NOT NULL,
        issued_at timestamptz NOT NULL,
        previous_hash char(64) NOT NULL,
        entry_hash char(64) NOT NULL
      )`);
    await queryRunner.query(
      `CREATE INDEX issued_certificate_subject ON issued_certificate (subject, sequence)`,
    );
    // The issuance log is append-only: the database itself refuses changes and deletions.
    await queryRunner.query(`
      CREATE FUNCTION issued_certificate_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'issued_certificate is append-only'; END $$`);
    await queryRunner.query(`
      CREATE TRIGGER issued_certificate_append_only BEFORE UPDATE OR DELETE ON issued_certificate
      FOR EACH ROW EXECUTE FUNCTION issued_certificate_append_only()`);
    await queryRunner.query(`
      CREATE TABLE certificate_revocation (
        serial text PRIMARY KEY REFERENCES issued_certificate (serial),
        revoked_at timestamptz NOT NULL,
        reason text NOT NULL CHECK (reason IN ('key-compromise', 'superseded', 'la-left', 'ca-compromise', 'unspecified'))
      )`);
    await queryRunner.query(`
      CREATE TABLE enrolment_token (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        la_code text NOT NULL,
        token_hash char(64) NOT NULL UNIQUE,
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        issued_serial text
      )`);
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
    await queryRunner.query(
      `CREATE INDEX federation_message_sender ON federation_message (sender, logged_at)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE federation_message`);
    await queryRunner.query(`DROP TABLE enrolment_token`);
    await queryRunner.query(`DROP TABLE certificate_revocation`);
    await queryRunner.query(`DROP TABLE issued_certificate`);
    await queryRunner.query(`DROP FUNCTION issued_certificate_append_only`);
  }
}
