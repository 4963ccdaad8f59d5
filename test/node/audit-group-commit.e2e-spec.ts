import request from 'supertest';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { AuditService } from '../../apps/node/src/audit/audit.service';
import { runAuditCommand } from '../support/audit-cli';
import { bearerFor } from '../support/auth';
import {
  auditEntriesAfter,
  childRecordInput,
  createChildThroughApi,
  lastAuditSequence,
} from '../support/child-records';
import { startNodeApp } from '../support/node-app';
import { createTestDatabase } from '../support/test-database';

jest.setTimeout(120_000);

/**
 * Reads (views and searches) append their audit entries in group commits (issue 14): many entries per
 * transaction and per chain lock, and no response before its entry is committed.
 */
describe('audit group commit (real PostgreSQL)', () => {
  let app: NestFastifyApplication;
  let database: { url: string; drop: () => Promise<void> };

  beforeAll(async () => {
    database = await createTestDatabase();
    app = await startNodeApp({ DATABASE_URL: database.url });
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  it('concurrent views and searches: one entry each, committed before each response, chain intact, fewer commits than entries', async () => {
    const practitioner = await bearerFor(app, 'practitioner');
    const child = childRecordInput();
    const id = await createChildThroughApi(app, child);
    const before = await lastAuditSequence(app);
    const audit = app.get(AuditService);
    const commitsBefore = audit.groupCommits;
    const server = app.getHttpServer();
    const correlationIds: string[] = [];

    const requests = Array.from({ length: 40 }, (_, index) => {
      const correlationId = `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`;
      correlationIds.push(correlationId);
      const call =
        index % 2 === 0
          ? request(server).get(`/api/v1/children/${id}`).query({ reason: 'safeguarding-concern' })
          : request(server).get('/api/v1/search').query({
              reason: 'safeguarding-concern',
              familyName: child.familyName,
              givenName: child.givenName,
              dateOfBirth: child.dateOfBirth,
            });
      return call
        .set('authorization', practitioner)
        .set('x-correlation-id', correlationId)
        .then(async (response) => {
          expect(response.status).toBe(200);
          // Committed before the response: the entry is there the moment the response is.
          const [row] = await app
            .get(DataSource)
            .query<{ count: string }[]>(
              `SELECT count(*) AS count FROM audit_entry WHERE correlation_id = $1`,
              [correlationId],
            );
          expect(Number(row.count)).toBe(1);
        });
    });
    await Promise.all(requests);

    const entries = await auditEntriesAfter(app, before);
    expect(entries).toHaveLength(40);
    const reads = await app
      .get(DataSource)
      .query<{ action: string }[]>(`SELECT action FROM audit_entry WHERE correlation_id = ANY($1::uuid[])`, [
        correlationIds,
      ]);
    expect(reads).toHaveLength(40);
    expect(new Set(reads.map((entry) => entry.action))).toEqual(new Set(['record.view', 'record.search']));
    const commits = audit.groupCommits;
    const statements = commits.statements - commitsBefore.statements;
    expect(commits.items - commitsBefore.items).toBe(40);
    // Under 40 concurrent requests some entries share a commit.
    expect(statements).toBeLessThan(40);

    expect(await runAuditCommand(app, ['verify'])).toMatch(/^audit chain holds: \d+ entries checked/);
  });
});
