import request from 'supertest';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { runAuditCommand } from '../support/audit-cli';
import { createTestDatabase } from '../support/test-database';
import { startNodeApp } from '../support/node-app';
import { bearerFor } from '../support/auth';
import {
  auditEntriesAfter,
  childRecordInput,
  createChildThroughApi,
  lastAuditSequence,
} from '../support/child-records';

interface Verification {
  ok: boolean;
  checked: number;
  walked: number;
  lastSequence: number;
  firstBreak: { sequence: number; problem: string } | null;
  breaks: { sequence: number; problem: string }[];
  breakCount: number;
}

jest.setTimeout(60_000);

describe('audit chain: no request can break it, and verify names every break (real PostgreSQL)', () => {
  let app: NestFastifyApplication;
  let database: { url: string; drop: () => Promise<void> };
  let auditor: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    app = await startNodeApp({ DATABASE_URL: database.url });
    auditor = await bearerFor(app, 'auditor');
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  const server = () => app.getHttpServer();
  const verify = async (): Promise<Verification> =>
    (await request(server()).get('/api/v1/audit/verify').set('authorization', auditor).expect(200))
      .body as Verification;

  /** As the database superuser, with the append-only trigger off for this session: an attacker with owner rights. */
  async function asSuperuser(statements: string[]): Promise<void> {
    const superuser = new Client({ connectionString: database.url });
    await superuser.connect();
    try {
      await superuser.query(`SET session_replication_role = replica`);
      for (const statement of statements) await superuser.query(statement);
    } finally {
      await superuser.end();
    }
  }

  it('ids in upper case, anonymous and signed in, found or not, leave the chain verifying', async () => {
    const childId = await createChildThroughApi(app, childRecordInput());
    const before = await lastAuditSequence(app);
    const unknown = randomUUID().toUpperCase();
    const practitioner = await bearerFor(app, 'practitioner');
    const dataManager = await bearerFor(app, 'data-manager');

    // Anonymous: refused, and the refusal names the child in the form PostgreSQL stores.
    await request(server())
      .get(`/api/v1/children/${childId.toUpperCase()}`)
      .query({ reason: 'providing-a-service' })
      .expect(401);
    await request(server())
      .get(`/api/v1/children/${unknown}`)
      .query({ reason: 'providing-a-service' })
      .expect(401);
    // Anonymous with something that is not a uuid at all: refused, and no child named.
    await request(server())
      .get('/api/v1/children/NOT-A-UUID')
      .query({ reason: 'providing-a-service' })
      .expect(401);
    // Signed in: a record not found, a record found, a write to it, all through upper-case ids.
    await request(server())
      .get(`/api/v1/children/${unknown}`)
      .query({ reason: 'providing-a-service' })
      .set('authorization', practitioner)
      .expect(404);
    await request(server())
      .get(`/api/v1/children/${childId.toUpperCase()}`)
      .query({ reason: 'providing-a-service' })
      .set('authorization', practitioner)
      .expect(200);
    await request(server())
      .put(`/api/v1/children/${unknown}`)
      .set('authorization', dataManager)
      .send({ ...childRecordInput(), involvements: undefined, version: 1 })
      .expect(404);

    const entries = await auditEntriesAfter(app, before);
    expect(entries.map((entry) => [entry.action, entry.outcome, entry.child_id])).toEqual([
      ['access.refused', 'refused', childId],
      ['access.refused', 'refused', unknown.toLowerCase()],
      ['access.refused', 'refused', null],
      ['access.refused', 'refused', unknown.toLowerCase()],
      ['record.view', 'allowed', childId],
      ['access.refused', 'refused', unknown.toLowerCase()],
    ]);

    const result = await verify();
    expect(result).toMatchObject({ ok: true, firstBreak: null, breaks: [], breakCount: 0 });
    expect(result.checked).toBe(result.lastSequence);
    expect(result.walked).toBe(result.lastSequence);
  });

  it('a changed later entry is still found after earlier breaks, and every break is named (HTTP and CLI)', async () => {
    // Enough entries to tamper with three far apart: the verify calls themselves are audited.
    for (let i = 0; i < 6; i++) await verify();
    const last = await lastAuditSequence(app);
    expect(last).toBeGreaterThanOrEqual(12);
    const earlier = 3;
    const deleted = 6;
    const later = last - 1;
    await asSuperuser([
      `UPDATE audit_entry SET actor_role = 'forged' WHERE sequence = ${earlier}`,
      `DELETE FROM audit_entry WHERE sequence = ${deleted}`,
      `UPDATE audit_entry SET detail = '{"query":"forged"}' WHERE sequence = ${later}`,
    ]);

    const result = await verify();
    expect(result.ok).toBe(false);
    expect(result.firstBreak).toEqual({ sequence: earlier, problem: 'hash-mismatch' });
    expect(result.checked).toBe(earlier - 1);
    expect(result.breaks).toEqual([
      { sequence: earlier, problem: 'hash-mismatch' },
      { sequence: deleted, problem: 'gap' },
      { sequence: later, problem: 'hash-mismatch' },
    ]);
    expect(result.breakCount).toBe(3);
    expect(result.walked).toBe(result.lastSequence - 1);

    const text = await runAuditCommand(app, ['verify']);
    expect(text).toMatch(new RegExp(`BROKEN at entry ${earlier}: hash-mismatch`));
    expect(text).toContain(`entry ${deleted}: gap`);
    expect(text).toContain(`entry ${later}: hash-mismatch`);
    expect(process.exitCode).toBe(1);
    process.exitCode = 0;
  });
});
