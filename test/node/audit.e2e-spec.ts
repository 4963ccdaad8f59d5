import request from 'supertest';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { AuditService } from '../../apps/node/src/audit/audit.service';
import { newCorrelationId } from "../../apps/node/src/access/access-context";
import { runAuditCommand } from '../support/audit-cli';
import { createTestDatabase } from '../support/test-database';
import { startNodeApp } from '../support/node-app';
import { bearerFor } from '../support/auth';
import { createEnrolledUser } from '../support/practitioners';

interface EntryRow {
  sequence: string;
  actor_id: string;
  actor_role: string;
  reason: string | null;
  action: string;
  outcome: string;
  child_id: string | null;
  detail: Record<string, unknown>;
}

// argon2id hashing and many requests per test: allow more than jest's default 5 s.
jest.setTimeout(60_000);

describe('audit trail: append-only, verified, listed and exported (real PostgreSQL)', () => {
  let app: NestFastifyApplication;
  let database: { url: string; drop: () => Promise<void> };
  let dataSource: DataSource;
  let auditor: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    app = await startNodeApp({ DATABASE_URL: database.url });
    dataSource = app.get(DataSource);
    auditor = await bearerFor(app, 'auditor');
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  const server = () => app.getHttpServer();
  const maxSequence = async (): Promise<number> => {
    const [row] = await dataSource.query<{ max: string | null }[]>(
      `SELECT max(sequence) AS max FROM audit_entry`,
    );
    return Number(row.max ?? 0);
  };
  const entriesAfter = (sequence: number) =>
    dataSource.query<EntryRow[]>(
      `SELECT sequence, actor_id, actor_role, reason, action, outcome, child_id, detail FROM audit_entry
       WHERE sequence > $1 ORDER BY sequence`,
      [sequence],
    );

  it('N actions write exactly N entries, each naming actor, role, action, outcome and child', async () => {
    const user = await createEnrolledUser(app, { username: 'counted', role: 'practitioner' });
    const admin = await bearerFor(app, 'node-administrator');
    const guessedChild = randomUUID();
    const before = await maxSequence();

    // 1: a sign-in with both factors.
    const signIn = await request(server())
      .post('/api/v1/auth/sign-in')
      .send({ username: user.username, password: user.password, code: await user.nextCode() })
      .expect(200);
    const practitioner = `Bearer ${signIn.body.accessToken}`;
    // 2: an administrator creates a user.
    const created = await request(server())
      .post('/api/v1/users')
      .set('authorization', admin)
      .send({ username: 'second.user', displayName: 'Second', familyName: 'User', role: 'auditor' })
      .expect(201);
    // 3: a practitioner calls an administrator's route.
    const refused = await request(server())
      .get('/api/v1/users')
      .set('authorization', practitioner)
      .expect(403);
    expect(refused.body).not.toHaveProperty('0');
    // 4: a practitioner guesses a record id.
    const guessed = await request(server())
      .get(`/api/v1/children/${guessedChild}`)
      .query({ reason: 'safeguarding-concern' })
      .set('authorization', practitioner);
    expect([403, 404]).toContain(guessed.status);
    expect(guessed.body.givenName).toBeUndefined();

    const entries = await entriesAfter(before);
    expect(entries.map((e) => [e.action, e.outcome])).toEqual([
      ['auth.sign-in', 'allowed'],
      ['user.manage', 'allowed'],
      ['access.refused', 'refused'],
      ['access.refused', 'refused'],
    ]);
    expect(entries[0]).toMatchObject({ actor_id: user.id, actor_role: 'practitioner', child_id: null });
    expect(entries[1]).toMatchObject({ actor_role: 'node-administrator' });
    expect(entries[1].detail).toMatchObject({
      operation: 'create',
      targetUserId: created.body.id,
      role: 'auditor',
    });
    expect(entries[2]).toMatchObject({ actor_id: user.id, actor_role: 'practitioner' });
    expect(entries[2].detail).toMatchObject({
      route: 'UsersController.list',
      method: 'GET',
      reason: 'role-not-allowed',
    });
    expect(entries[3]).toMatchObject({
      actor_id: user.id,
      actor_role: 'practitioner',
      child_id: guessedChild,
    });
    expect(entries[3].detail.path).toBe('/api/v1/children/:id');
    // No personal data in the trail: the created user's names are not in it.
    expect(JSON.stringify(entries)).not.toMatch(/Second|second\.user/);
  });

  it("the application's own connection cannot UPDATE, DELETE or TRUNCATE audit entries", async () => {
    expect(await maxSequence()).toBeGreaterThan(0);
    await expect(
      dataSource.query(`UPDATE audit_entry SET reason = 'safeguarding-concern' WHERE sequence = 1`),
    ).rejects.toThrow(/append-only/);
    await expect(dataSource.query(`DELETE FROM audit_entry WHERE sequence = 1`)).rejects.toThrow(
      /append-only/,
    );
    await expect(dataSource.query(`TRUNCATE audit_entry`)).rejects.toThrow(/append-only/);
    await expect(
      dataSource.transaction((manager) => manager.query(`DELETE FROM audit_entry`)),
    ).rejects.toThrow(/append-only/);
    const [row] = await dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM audit_entry WHERE sequence = 1`,
    );
    expect(row.n).toBe(1);
  });

  it('lists by child (incl. searches that disclosed it), by user and by time, paged; CSV too; reads are audited', async () => {
    const child = randomUUID();
    const viewer = randomUUID();
    const audit = app.get(AuditService);
    const write = (event: Parameters<AuditService['record']>[1]) =>
      dataSource.transaction((manager) => audit.record(manager, event));
    const context = {
      actor: { userId: viewer, role: 'practitioner' as const },
      correlationId: newCorrelationId(),
    };
    await write({
      context: { ...context, reason: 'safeguarding-concern' },
      action: 'record.search',
      outcome: 'allowed',
      disclosedChildIds: [child, randomUUID()],
    });
    await write({
      context: { ...context, reason: 'safeguarding-concern' },
      action: 'record.view',
      outcome: 'allowed',
      childId: child,
    });
    await write({
      context: { ...context, reason: 'providing-a-service' },
      action: 'record.view',
      outcome: 'allowed',
      childId: randomUUID(),
    });

    const byChild = await request(server())
      .get('/api/v1/audit/entries')
      .query({ childId: child })
      .set('authorization', auditor)
      .expect(200);
    expect((byChild.body.entries as { action: string }[]).map((e) => e.action)).toEqual([
      'record.search',
      'record.view',
    ]);
    expect(byChild.body.entries[1]).toMatchObject({
      actorId: viewer,
      actorRole: 'practitioner',
      reason: 'safeguarding-concern',
      childId: child,
    });

    const page1 = await request(server())
      .get('/api/v1/audit/entries')
      .query({ actorId: viewer, limit: 2 })
      .set('authorization', auditor)
      .expect(200);
    expect(page1.body.entries).toHaveLength(2);
    expect(page1.body.nextAfterSequence).toBe(page1.body.entries[1].sequence);
    const page2 = await request(server())
      .get('/api/v1/audit/entries')
      .query({ actorId: viewer, limit: 2, afterSequence: page1.body.nextAfterSequence })
      .set('authorization', auditor)
      .expect(200);
    expect(page2.body.entries).toHaveLength(1);
    expect(page2.body.nextAfterSequence).toBeNull();

    const future = await request(server())
      .get('/api/v1/audit/entries')
      .query({ from: new Date(Date.now() + 3600_000).toISOString() })
      .set('authorization', auditor)
      .expect(200);
    expect(future.body.entries).toEqual([]);

    const csv = await request(server())
      .get('/api/v1/audit/entries.csv')
      .query({ childId: child })
      .set('authorization', auditor)
      .expect(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const lines = csv.text.trim().split('\n');
    expect(lines[0]).toMatch(/^sequence,occurredAt,actorId,actorRole/);
    expect(lines).toHaveLength(3);

    const reads = await dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM audit_entry WHERE action = 'audit.read' AND detail->>'filterChildId' = $1`,
      [child],
    );
    expect(reads[0].n).toBe(2);

    await request(server())
      .get('/api/v1/audit/entries')
      .query({ childId: 'not-a-uuid' })
      .set('authorization', auditor)
      .expect(400);
    await request(server())
      .get('/api/v1/audit/entries')
      .set('authorization', await bearerFor(app, 'node-administrator'))
      .expect(403);
  });

  it('verify holds on an untouched chain, and names the first entry changed directly in the database', async () => {
    const intact = await request(server())
      .get('/api/v1/audit/verify')
      .set('authorization', auditor)
      .expect(200);
    expect(intact.body).toMatchObject({ ok: true, firstBreak: null });
    expect(intact.body.checked).toBe(intact.body.lastSequence);

    // As the database superuser, with triggers off for this session only: what an attacker with owner rights could do.
    const superuser = new Client({ connectionString: database.url });
    await superuser.connect();
    try {
      await superuser.query(`SET session_replication_role = replica`);
      await superuser.query(`UPDATE audit_entry SET reason = 'providing-a-service' WHERE sequence = 3`);
    } finally {
      await superuser.end();
    }

    const broken = await request(server())
      .get('/api/v1/audit/verify')
      .set('authorization', auditor)
      .expect(200);
    expect(broken.body).toMatchObject({
      ok: false,
      checked: 2,
      firstBreak: { sequence: 3, problem: 'hash-mismatch' },
    });

    expect(await runAuditCommand(app, ['verify'])).toMatch(/BROKEN at entry 3: hash-mismatch/);
    expect(process.exitCode).toBe(1);
    process.exitCode = 0;
  });
});
