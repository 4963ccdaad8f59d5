import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Practitioners' accounts, sessions, sign-in rate limiting, stored misuse reviews, and the database-side
 * guarantee that the audit trail is append-only.
 */
export class Practitioners1764400000000 implements MigrationInterface {
  name = 'Practitioners1764400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE app_user (
        id uuid PRIMARY KEY,
        username text NOT NULL,
        display_name text NOT NULL,
        family_name text NOT NULL,
        role text NOT NULL CHECK (role IN ('practitioner', 'data-manager', 'shielding-officer', 'auditor', 'node-administrator')),
        password_hash text NOT NULL,
        totp_secret_encrypted text,
        totp_enrolled boolean NOT NULL DEFAULT false,
        totp_last_step bigint,
        failed_attempts integer NOT NULL DEFAULT 0,
        locked_until timestamptz,
        disabled boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT app_user_username_unique UNIQUE (username)
      )`);
    await queryRunner.query(`
      CREATE TABLE user_session (
        id uuid PRIMARY KEY,
        user_id uuid NOT NULL,
        role text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('access', 'enrolment')),
        created_at timestamptz NOT NULL DEFAULT now(),
        last_seen_at timestamptz NOT NULL DEFAULT now(),
        ends_at timestamptz NOT NULL,
        revoked_at timestamptz
      )`);
    await queryRunner.query(`CREATE INDEX user_session_user ON user_session (user_id)`);
    // Usernames are kept as hashes: people sometimes type a password into the username box.
    await queryRunner.query(`
      CREATE TABLE sign_in_attempt (
        id bigserial PRIMARY KEY,
        ip text NOT NULL,
        username_hash char(64) NOT NULL,
        attempted_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX sign_in_attempt_ip ON sign_in_attempt (ip, attempted_at)`);
    await queryRunner.query(
      `CREATE INDEX sign_in_attempt_username ON sign_in_attempt (username_hash, attempted_at)`,
    );
    await queryRunner.query(`
      CREATE TABLE misuse_report (
        id uuid PRIMARY KEY,
        ran_at timestamptz NOT NULL,
        trigger text NOT NULL CHECK (trigger IN ('daily', 'on-demand')),
        period_from timestamptz NOT NULL,
        period_to timestamptz NOT NULL,
        flag_count integer NOT NULL,
        flags jsonb NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX misuse_report_ran_at ON misuse_report (ran_at)`);

    // Append-only in the database: any UPDATE, DELETE or TRUNCATE of audit_entry raises, whoever issues it.
    // Only the table's owner (or a superuser) could disable these triggers; the application must run as
    // neither (docs/security.md, "Audit trail").
    await queryRunner.query(`
      CREATE FUNCTION audit_entry_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_entry is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END
      $$`);
    await queryRunner.query(`
      CREATE TRIGGER audit_entry_no_update_or_delete BEFORE UPDATE OR DELETE ON audit_entry
      FOR EACH ROW EXECUTE FUNCTION audit_entry_is_append_only()`);
    await queryRunner.query(`
      CREATE TRIGGER audit_entry_no_truncate BEFORE TRUNCATE ON audit_entry
      FOR EACH STATEMENT EXECUTE FUNCTION audit_entry_is_append_only()`);
    await queryRunner.query(`REVOKE UPDATE, DELETE, TRUNCATE ON audit_entry FROM PUBLIC`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER audit_entry_no_truncate ON audit_entry`);
    await queryRunner.query(`DROP TRIGGER audit_entry_no_update_or_delete ON audit_entry`);
    await queryRunner.query(`DROP FUNCTION audit_entry_is_append_only()`);
    await queryRunner.query(`DROP TABLE misuse_report`);
    await queryRunner.query(`DROP TABLE sign_in_attempt`);
    await queryRunner.query(`DROP TABLE user_session`);
    await queryRunner.query(`DROP TABLE app_user`);
  }
}
