import request from 'supertest';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createTestDatabase } from '../support/test-database';
import { startNodeApp } from '../support/node-app';
import { bearerFor } from '../support/auth';
import { createChildThroughApi, childRecordInput, validNhsNumber } from '../support/child-records';

jest.setTimeout(60_000);

const REASON = 'safeguarding-concern';

/**
 * Per-user rate limits (anti-trawl) on the real node and PostgreSQL: small limits from settings; each
 * limited route answers 429 with Retry-After and the limit named, the refusal is audited, another user
 * is not affected, and the misuse report names the user.
 */
describe('per-user rate limits (real PostgreSQL)', () => {
  let app: NestFastifyApplication;
  let database: { url: string; drop: () => Promise<void> };
  let childId: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    app = await startNodeApp({
      DATABASE_URL: database.url,
      MISUSE_REVIEW_ENABLED: false,
      RATE_LIMIT_WINDOW_SECONDS: 60,
      SEARCH_RATE_LIMIT: 3,
      CROSS_BOUNDARY_SEARCH_RATE_LIMIT: 2,
      RECORD_VIEW_RATE_LIMIT: 4,
    });
    childId = await createChildThroughApi(app, childRecordInput({ nhsNumber: validNhsNumber(41) }));
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  const server = () => app.getHttpServer();

  const routes = {
    search: (bearer: string) =>
      request(server())
        .get('/api/v1/search')
        .set('authorization', bearer)
        .query({ reason: REASON, nhsNumber: validNhsNumber(41) }),
    'cross-boundary-search': (bearer: string) =>
      request(server())
        .post('/api/v1/federation/search')
        .set('authorization', bearer)
        .send({ reason: REASON, nhsNumber: validNhsNumber(41) }),
    'record-view': (bearer: string) =>
      request(server())
        .get(`/api/v1/children/${childId}`)
        .set('authorization', bearer)
        .query({ reason: REASON }),
  } as const;
  const limits = { search: 3, 'cross-boundary-search': 2, 'record-view': 4 } as const;

  async function refusalsOf(userId: string): Promise<{ reason: string; route: string }[]> {
    const rows: { detail: { reason: string; route: string } }[] = await app
      .get(DataSource)
      .query(
        `SELECT detail FROM audit_entry WHERE action = 'access.refused' AND actor_id = $1 ORDER BY sequence`,
        [userId],
      );
    return rows.map((row) => row.detail);
  }

  it.each(Object.keys(routes) as (keyof typeof routes)[])(
    '%s: over the limit answers 429 with Retry-After and the limit named, audited; another user is not affected',
    async (name) => {
      const userId = randomUUID();
      const bearer = await bearerFor(app, 'practitioner', userId);
      for (let i = 0; i < limits[name]; i += 1) {
        const response = await routes[name](bearer);
        expect(response.status).not.toBe(429);
      }
      const refused = await routes[name](bearer).expect(429);
      const retryAfter = Number(refused.headers['retry-after']);
      expect(Number.isInteger(retryAfter)).toBe(true);
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(60);
      expect(refused.body).toMatchObject({
        statusCode: 429,
        error: 'too-many-requests',
        rateLimit: { name, limit: limits[name], windowSeconds: 60, retryAfterSeconds: retryAfter },
      });
      expect(refused.body.message).toContain(name);

      const refusals = await refusalsOf(userId);
      expect(refusals).toHaveLength(1);
      expect(refusals[0].reason).toBe('rate-limited');

      // The limit is this user's: another practitioner still gets answers.
      const other = await bearerFor(app, 'practitioner');
      const answer = await routes[name](other);
      expect(answer.status).not.toBe(429);
    },
  );

  it('keeps one limit per action: a user over the search limit may still view a record', async () => {
    const bearer = await bearerFor(app, 'practitioner');
    for (let i = 0; i < limits.search; i += 1) await routes.search(bearer).expect(200);
    await routes.search(bearer).expect(429);
    await routes['record-view'](bearer).expect(200);
  });

  it('names the rate-limited user in the misuse report, with the refusals behind it', async () => {
    const userId = randomUUID();
    const bearer = await bearerFor(app, 'practitioner', userId);
    const from = new Date(Date.now() - 60_000);
    for (let i = 0; i < limits.search; i += 1) await routes.search(bearer).expect(200);
    await routes.search(bearer).expect(429);
    await routes.search(bearer).expect(429);

    const auditor = await bearerFor(app, 'auditor');
    const report = await request(server())
      .get('/api/v1/misuse/report')
      .set('authorization', auditor)
      .query({ from: from.toISOString(), to: new Date(Date.now() + 1000).toISOString() })
      .expect(200);
    const flags = (report.body.flags as { rule: string; userId: string; count: number }[]).filter(
      (flag) => flag.rule === 'rate-limited' && flag.userId === userId,
    );
    expect(flags).toHaveLength(1);
    expect(flags[0].count).toBe(2);
  });
});
