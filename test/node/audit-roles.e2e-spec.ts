import request from 'supertest';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { runOwnerMigrations } from '../../apps/node/src/database/owner-migrations';
import { createTestDatabase, TEST_DATABASE_SERVER } from '../support/test-database';
import { startNodeApp } from '../support/node-app';
import { bearerFor } from '../support/auth';

jest.setTimeout(60_000);

/** Runs one statement on the server's postgres database as the superuser. */
async function asSuperuser(sql: string): Promise<void> {
  const client = new Client({ connectionString: `${TEST_DATABASE_SERVER}/postgres` });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

describe('audit trail with a separate owner role: the application role cannot change it (real PostgreSQL)', () => {
  let app: NestFastifyApplication;
  let database: { url: string; drop: () => Promise<void> };
  const appRole = `cp_app_${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    database = await createTestDatabase();
    await asSuperuser(`CREATE ROLE ${appRole} LOGIN NOSUPERUSER`);
    const applicationUrl = new URL(database.url);
    applicationUrl.username = appRole;
    await runOwnerMigrations({ ownerUrl: database.url, applicationUrl: applicationUrl.toString() });
    app = await startNodeApp({ DATABASE_URL: applicationUrl.toString(), DATABASE_OWNER_URL: database.url });
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
    await asSuperuser(`DROP ROLE IF EXISTS ${appRole}`);
  });

  it('the node works as the application role, writing audit entries', async () => {
    const dataSource = app.get(DataSource);
    const [{ user }] = await dataSource.query<{ user: string }[]>(`SELECT current_user AS user`);
    expect(user).toBe(appRole);
    await request(app.getHttpServer())
      .post('/api/v1/users')
      .set('authorization', await bearerFor(app, 'node-administrator'))
      .send({ username: 'via.app.role', displayName: 'Via', familyName: 'Role', role: 'auditor' })
      .expect(201);
    const [{ n }] = await dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM audit_entry WHERE action = 'user.manage'`,
    );
    expect(n).toBe(1);
  });

  it('refuses UPDATE, DELETE and TRUNCATE by privilege, and the ways around the trigger', async () => {
    const dataSource = app.get(DataSource);
    await expect(dataSource.query(`UPDATE audit_entry SET reason = NULL`)).rejects.toThrow(
      /permission denied/,
    );
    await expect(dataSource.query(`DELETE FROM audit_entry`)).rejects.toThrow(/permission denied/);
    await expect(dataSource.query(`TRUNCATE audit_entry`)).rejects.toThrow(/permission denied/);
    await expect(dataSource.query(`ALTER TABLE audit_entry DISABLE TRIGGER ALL`)).rejects.toThrow(
      /must be owner/,
    );
    await expect(dataSource.query(`SET session_replication_role = replica`)).rejects.toThrow(
      /permission denied/,
    );
    await expect(dataSource.query(`DROP TABLE audit_entry`)).rejects.toThrow(/must be owner/);
  });

  it('refuses to run with the same role for both', async () => {
    await expect(
      runOwnerMigrations({ ownerUrl: database.url, applicationUrl: database.url }),
    ).rejects.toThrow(/different database roles/);
  });
});
