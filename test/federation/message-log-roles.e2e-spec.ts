import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { runOwnerMigrations } from '../../apps/node/src/database/owner-migrations';
import { MessageLogService } from '../../apps/node/src/message-log/message-log.service';
import { createTestDatabase, TEST_DATABASE_SERVER } from '../support/test-database';
import { startNodeApp } from '../support/node-app';

jest.setTimeout(60_000);

async function asSuperuser(url: string, sql: string, parameters: unknown[] = []): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql, parameters);
  } finally {
    await client.end();
  }
}

/**
 * The node's message log with DATABASE_OWNER_URL (a separate owner role): the application role may only
 * read and append; the retention purge still works, through the owner's SECURITY DEFINER function.
 */
describe('message log with a separate owner role (real PostgreSQL)', () => {
  let app: NestFastifyApplication;
  let database: { url: string; drop: () => Promise<void> };
  const appRole = `cp_app_${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    database = await createTestDatabase();
    await asSuperuser(`${TEST_DATABASE_SERVER}/postgres`, `CREATE ROLE ${appRole} LOGIN NOSUPERUSER`);
    const applicationUrl = new URL(database.url);
    applicationUrl.username = appRole;
    await runOwnerMigrations({ ownerUrl: database.url, applicationUrl: applicationUrl.toString() });
    app = await startNodeApp({ DATABASE_URL: applicationUrl.toString(), DATABASE_OWNER_URL: database.url });
    // Two kept messages (as the superuser, to date one 3000 days back): one past retention, one not.
    await asSuperuser(
      database.url,
      `INSERT INTO federation_message (direction, outcome, sender, recipient, type, nonce, cert_fingerprint,
                                       logged_at, envelope)
       VALUES ('sent', 'sent', 'E09000033', 'hub', 'ping', 'n', 'f', now() - interval '3000 days', '{}'),
              ('sent', 'sent', 'E09000033', 'hub', 'ping', 'm', 'f', now(), '{}')`,
    );
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
    await asSuperuser(`${TEST_DATABASE_SERVER}/postgres`, `DROP ROLE IF EXISTS ${appRole}`);
  });

  it('lets the application role read and append, never change or remove', async () => {
    const data = app.get(DataSource);
    const [{ n }] = await data.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM federation_message`);
    expect(n).toBe(2);
    for (const [table, column] of [
      ['federation_message', 'outcome'],
      ['message_certificate', 'certificate_pem'],
    ]) {
      await expect(data.query(`UPDATE ${table} SET ${column} = 'x'`)).rejects.toThrow(/permission denied/);
      await expect(data.query(`DELETE FROM ${table}`)).rejects.toThrow(/permission denied/);
      await expect(data.query(`TRUNCATE ${table}`)).rejects.toThrow(/permission denied/);
      await expect(data.query(`ALTER TABLE ${table} DISABLE TRIGGER ALL`)).rejects.toThrow(/must be owner/);
    }
    await data.query(`INSERT INTO message_certificate (fingerprint, certificate_pem) VALUES ('f', 'pem')`);
  });

  it('purges only what is past retention, as the owner, when the application asks', async () => {
    expect(await app.get(MessageLogService).purge()).toBe(1);
    const [{ n }] = await app
      .get(DataSource)
      .query<{ n: number }[]>(`SELECT count(*)::int AS n FROM federation_message`);
    expect(n).toBe(1);
  });
});
