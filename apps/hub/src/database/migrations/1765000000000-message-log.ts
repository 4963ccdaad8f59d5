import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The message log kept whole (docs/security.md, "Message log"): every signed message this party sends or
 * receives, with its flow's correlation or handover id and the certificate that signed it (a side table
 * keyed by fingerprint), so `messages verify` can re-check every signature with nothing else. Append-only:
 * UPDATE, DELETE and TRUNCATE raise, except the retention purge, which only purge_federation_messages()
 * (SECURITY DEFINER, retention of at least 30 days) can do, and then only for rows older than 30 days.
 */
export class HubMessageLog1765000000000 implements MigrationInterface {
  name = 'HubMessageLog1765000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE federation_message ADD COLUMN correlation_id text`);
    await queryRunner.query(`ALTER TABLE federation_message ADD COLUMN attachment jsonb`);
    await queryRunner.query(`CREATE INDEX federation_message_time ON federation_message (logged_at)`);
    await queryRunner.query(
      `CREATE INDEX federation_message_correlation ON federation_message (correlation_id)
        WHERE correlation_id IS NOT NULL`,
    );
    await queryRunner.query(`
      CREATE TABLE message_certificate (
        fingerprint text PRIMARY KEY,
        certificate_pem text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE FUNCTION message_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        -- The purge's switch, set only inside purge_federation_messages(), and never for a recent row.
        IF TG_OP = 'DELETE' AND TG_TABLE_NAME = 'federation_message' THEN
          IF current_setting('cp.message_log_purge', true) = 'on'
             AND (to_jsonb(OLD) ->> 'logged_at')::timestamptz < now() - interval '30 days' THEN
            RETURN OLD;
          END IF;
        END IF;
        RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END
      $$`);
    for (const table of ['federation_message', 'message_certificate']) {
      await queryRunner.query(`
        CREATE TRIGGER ${table}_no_update_or_delete BEFORE UPDATE OR DELETE ON ${table}
        FOR EACH ROW EXECUTE FUNCTION message_log_is_append_only()`);
      await queryRunner.query(`
        CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table}
        FOR EACH STATEMENT EXECUTE FUNCTION message_log_is_append_only()`);
      await queryRunner.query(`REVOKE UPDATE, DELETE, TRUNCATE ON ${table} FROM PUBLIC`);
    }
    // The one delete allowed: rows older than the retention, by this function, which runs as its owner.
    await queryRunner.query(`
      CREATE FUNCTION purge_federation_messages(retention_days integer) RETURNS bigint
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      DECLARE purged bigint;
      BEGIN
        IF retention_days IS NULL OR retention_days < 30 THEN
          RAISE EXCEPTION 'message log retention must be at least 30 days';
        END IF;
        PERFORM set_config('cp.message_log_purge', 'on', true);
        DELETE FROM federation_message WHERE logged_at < now() - make_interval(days => retention_days);
        GET DIAGNOSTICS purged = ROW_COUNT;
        PERFORM set_config('cp.message_log_purge', 'off', true);
        RETURN purged;
      END
      $$`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION purge_federation_messages(integer)`);
    for (const table of ['federation_message', 'message_certificate']) {
      await queryRunner.query(`DROP TRIGGER ${table}_no_truncate ON ${table}`);
      await queryRunner.query(`DROP TRIGGER ${table}_no_update_or_delete ON ${table}`);
    }
    await queryRunner.query(`DROP FUNCTION message_log_is_append_only()`);
    await queryRunner.query(`DROP TABLE message_certificate`);
    await queryRunner.query(`DROP INDEX federation_message_correlation`);
    await queryRunner.query(`DROP INDEX federation_message_time`);
    await queryRunner.query(`ALTER TABLE federation_message DROP COLUMN attachment`);
    await queryRunner.query(`ALTER TABLE federation_message DROP COLUMN correlation_id`);
  }
}
