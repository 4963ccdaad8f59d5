import request from 'supertest';
import { randomUUID } from 'node:crypto';
import { Command } from 'commander';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { registerUsersCommands } from '../../apps/node/src/cli/users.cli';
import { createTestDatabase } from '../support/test-database';
import { startNodeApp } from '../support/node-app';
import { bearerFor } from '../support/auth';

// argon2id hashing and many requests per test: allow more than jest's default 5 s.
jest.setTimeout(60_000);

describe('user management by API and CLI (real PostgreSQL)', () => {
  let app: NestFastifyApplication;
  let database: { url: string; drop: () => Promise<void> };
  let admin: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    app = await startNodeApp({ DATABASE_URL: database.url });
    admin = await bearerFor(app, 'node-administrator');
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  const server = () => app.getHttpServer();

  /** Runs `node <args>` in-process against the test app; returns what it printed. */
  async function cli(...args: string[]): Promise<string> {
    const output: string[] = [];
    const log = jest.spyOn(console, 'log').mockImplementation((line: string) => void output.push(line));
    const program = new Command().exitOverride();
    registerUsersCommands(program, () => Promise.resolve({ app, release: () => Promise.resolve() }));
    try {
      await program.parseAsync(['node', 'node', ...args]);
    } finally {
      log.mockRestore();
    }
    return output.join('\n');
  }

  it('refuses bad input naming the field, unknown fields and duplicate usernames', async () => {
    const bad = await request(server())
      .post('/api/v1/users')
      .set('authorization', admin)
      .send({ username: 'x', displayName: 'X', familyName: 'Y', role: 'superuser' })
      .expect(400);
    expect(JSON.stringify(bad.body.problems)).toMatch(/username/);
    expect(JSON.stringify(bad.body.problems)).toMatch(/role/);
    await request(server())
      .post('/api/v1/users')
      .set('authorization', admin)
      .send({
        username: 'ok.user',
        displayName: 'Ok',
        familyName: 'User',
        role: 'auditor',
        notes: 'free text',
      })
      .expect(400);
    const body = { username: 'twice', displayName: 'Twice', familyName: 'Over', role: 'auditor' };
    await request(server()).post('/api/v1/users').set('authorization', admin).send(body).expect(201);
    await request(server()).post('/api/v1/users').set('authorization', admin).send(body).expect(409);
  });

  it('lists users without any hash or secret', async () => {
    const list = await request(server()).get('/api/v1/users').set('authorization', admin).expect(200);
    expect(list.body.length).toBeGreaterThan(0);
    const text = JSON.stringify(list.body);
    expect(text).not.toMatch(/argon2|password|totp_secret|Secret/);
    expect(list.body[0]).toEqual(
      expect.objectContaining({ id: expect.any(String), username: expect.any(String), totpEnrolled: false }),
    );
  });

  it('a made-up user id is 404 and audited as a refused attempt', async () => {
    const id = randomUUID();
    await request(server()).post(`/api/v1/users/${id}/disable`).set('authorization', admin).expect(404);
    const rows = await app
      .get(DataSource)
      .query<{ reason: string }[]>(
        `SELECT detail->>'reason' AS reason FROM audit_entry WHERE action = 'access.refused' AND detail->>'targetId' = $1`,
        [id],
      );
    expect(rows).toEqual([{ reason: 'not-found' }]);
  });

  it('the CLI creates, re-roles, resets and disables users, each audited as the node itself', async () => {
    const created = await cli(
      'users',
      'create',
      '--username',
      'cli.user',
      '--display-name',
      'Cli User',
      '--family-name',
      'User',
      '--role',
      'practitioner',
    );
    const password = /initial password \(shown once\): (\S+)/.exec(created)?.[1] ?? '';
    expect(password).toHaveLength(20);
    const signIn = await request(server())
      .post('/api/v1/auth/sign-in')
      .send({ username: 'cli.user', password })
      .expect(200);
    expect(signIn.body.enrolmentRequired).toBe(true);

    expect(await cli('users', 'assign-role', 'cli.user', 'data-manager')).toMatch(/is now data-manager/);
    const reset = await cli('users', 'reset', 'cli.user');
    const newPassword = /initial password \(shown once\): (\S+)/.exec(reset)?.[1] ?? '';
    await request(server()).post('/api/v1/auth/sign-in').send({ username: 'cli.user', password }).expect(401);
    await request(server())
      .post('/api/v1/auth/sign-in')
      .send({ username: 'cli.user', password: newPassword })
      .expect(200);
    expect(await cli('users', 'disable', 'cli.user')).toMatch(/^disabled /);
    await request(server())
      .post('/api/v1/auth/sign-in')
      .send({ username: 'cli.user', password: newPassword })
      .expect(401);
    expect(await cli('users', 'list')).toMatch(/cli\.user\tdata-manager\tdisabled/);

    const operations = await app.get(DataSource).query<{ operation: string; actor_role: string }[]>(
      `SELECT detail->>'operation' AS operation, actor_role FROM audit_entry
         WHERE action = 'user.manage' AND actor_id = 'system' ORDER BY sequence`,
    );
    expect(operations).toEqual([
      { operation: 'create', actor_role: 'system' },
      { operation: 'assign-role', actor_role: 'system' },
      { operation: 'reset', actor_role: 'system' },
      { operation: 'disable', actor_role: 'system' },
    ]);
  });
});
