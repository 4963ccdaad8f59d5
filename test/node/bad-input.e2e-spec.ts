import request from 'supertest';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { HTTP_BODY_LIMIT_BYTES, JSON_MAX_DEPTH } from '@cp/http';
import { createTestDatabase } from '../support/test-database';
import { startNodeApp } from '../support/node-app';
import { bearerFor } from '../support/auth';
import { childRecordInput, createChildThroughApi, recordRowCounts } from '../support/child-records';

interface ErrorBody {
  statusCode: number;
  message: string;
  problems?: { field: string; rule: string }[];
}

jest.setTimeout(60_000);

/** JSON nested `depth` levels deep inside a field, as a text (JSON.stringify would recurse as deep). */
function deepJson(field: string, depth: number): string {
  return `{"${field}":${'['.repeat(depth)}${']'.repeat(depth)}}`;
}

describe('bad input: a 4xx naming the problem, never a 500, nothing written (real PostgreSQL)', () => {
  let app: NestFastifyApplication;
  let database: { url: string; drop: () => Promise<void> };
  let dataManager: string;
  let practitioner: string;
  let auditor: string;
  let childId: string;
  let involvementId: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    app = await startNodeApp({ DATABASE_URL: database.url });
    dataManager = await bearerFor(app, 'data-manager');
    practitioner = await bearerFor(app, 'practitioner');
    auditor = await bearerFor(app, 'auditor');
    childId = await createChildThroughApi(app, childRecordInput());
    const view = await request(app.getHttpServer())
      .get(`/api/v1/children/${childId}`)
      .query({ reason: 'providing-a-service' })
      .set('authorization', dataManager)
      .expect(200);
    involvementId = (view.body as { involvements: { id: string }[] }).involvements[0].id;
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  const server = () => app.getHttpServer();

  const allowedEntries = async (): Promise<number> => {
    const [row] = await app
      .get(DataSource)
      .query<{ n: number }[]>(`SELECT count(*)::int AS n FROM audit_entry WHERE outcome = 'allowed'`);
    return row.n;
  };

  /** Runs a request and asserts no row of a record, nor any audit entry but a refusal, was written. */
  async function refusedWithoutWrites(send: () => Promise<request.Response>): Promise<request.Response> {
    const before = { ...(await recordRowCounts(app)), audit_entry: 0, allowed: await allowedEntries() };
    const response = await send();
    const after = { ...(await recordRowCounts(app)), audit_entry: 0, allowed: await allowedEntries() };
    expect(after).toEqual(before);
    return response;
  }

  const expectProblem = (response: request.Response, status: number, message: RegExp, field?: string) => {
    expect(response.status).toBe(status);
    const body = response.body as ErrorBody;
    expect(body.message).toMatch(message);
    // Refused at parsing, the message names the field; refused by the validation pipe, the problems do too.
    if (field)
      expect(body.message.startsWith(`${field} `) || body.problems?.some((p) => p.field === field)).toBe(
        true,
      );
  };

  describe('JSON depth and size, at parsing', () => {
    it.each([
      ['sign-in, without signing in', '/api/v1/auth/sign-in', undefined],
      ['a record create', '/api/v1/children', 'data-manager'],
    ])('JSON nested deeper than the limit on %s: 400 naming the depth', async (_name, path, role) => {
      const response = await refusedWithoutWrites(async () => {
        const call = request(server()).post(path).set('content-type', 'application/json');
        if (role) call.set('authorization', dataManager);
        return call.send(deepJson('givenName', 2000));
      });
      expectProblem(response, 400, new RegExp(`JSON nested deeper than ${JSON_MAX_DEPTH}`));
    });

    it('JSON at the depth limit is parsed and then validated (a 400 from validation, not the parser)', async () => {
      const response = await request(server())
        .post('/api/v1/auth/sign-in')
        .set('content-type', 'application/json')
        .send(deepJson('username', JSON_MAX_DEPTH - 1));
      expect(response.status).toBe(400);
      expect((response.body as ErrorBody).message).not.toMatch(/nested deeper/);
    });

    it('a 1 MB body is answered 413, read by the client (no connection reset)', async () => {
      const big = JSON.stringify({ givenName: 'x'.repeat(1024 * 1024) });
      const response = await refusedWithoutWrites(() =>
        request(server())
          .post('/api/v1/children')
          .set('authorization', dataManager)
          .set('content-type', 'application/json')
          .send(big),
      );
      expectProblem(response, 413, new RegExp(`larger than ${HTTP_BODY_LIMIT_BYTES} bytes`));
    });

    it('a body that is not JSON: 400; a body of another type: 415', async () => {
      expectProblem(
        await request(server())
          .post('/api/v1/auth/sign-in')
          .set('content-type', 'application/json')
          .send('{"username":'),
        400,
        /not valid JSON/,
      );
      expectProblem(
        await request(server())
          .post('/api/v1/auth/sign-in')
          .set('content-type', 'text/plain')
          .send('x'.repeat(400_000)),
        415,
        /application\/json/,
      );
    });
  });

  describe('characters PostgreSQL refuses, and prototype-named keys', () => {
    it.each([
      ['NUL in a name', { givenName: 'Ame\u0000lia' }, 'givenName'],
      [
        'NUL in a nested field',
        { address: { line1: 'x\u0000', town: 'London', postcode: 'SW1A 2AA' } },
        'address.line1',
      ],
      ['an unpaired surrogate', { familyName: 'Thorn\uD800bury' }, 'familyName'],
    ])('%s: 400 naming the field, nothing written', async (_name, change, field) => {
      const response = await refusedWithoutWrites(() =>
        request(server())
          .post('/api/v1/children')
          .set('authorization', dataManager)
          .send({ ...childRecordInput(), ...change }),
      );
      expectProblem(response, 400, /cannot be stored/, field);
    });

    it('NUL in a query parameter: 400 naming it', async () => {
      const response = await refusedWithoutWrites(() =>
        request(server())
          .get('/api/v1/search')
          .query({ familyName: 'Thorn\u0000', reason: 'providing-a-service' })
          .set('authorization', practitioner),
      );
      expectProblem(response, 400, /cannot be stored/, 'familyName');
    });

    it.each(['constructor', 'toString', '__proto__', 'prototype', 'hasOwnProperty', 'valueOf'])(
      'a field named %s, at the top or nested: 400 naming it',
      async (key) => {
        const top = `{"givenName":"A","${key}":{"x":1}}`;
        const nested = JSON.stringify({ ...childRecordInput(), carers: [] }).replace(
          '"address":{',
          `"address":{"${key}":"x",`,
        );
        for (const [body, field] of [
          [top, key],
          [nested, `address.${key}`],
        ]) {
          const response = await refusedWithoutWrites(() =>
            request(server())
              .post('/api/v1/children')
              .set('authorization', dataManager)
              .set('content-type', 'application/json')
              .send(body),
          );
          expectProblem(response, 400, /not an allowed field name/, field);
        }
      },
    );

    it('a prototype-named query parameter: 400', async () => {
      const response = await request(server())
        .get('/api/v1/audit/entries?constructor=1')
        .set('authorization', auditor);
      expectProblem(response, 400, /not an allowed field name/, 'constructor');
    });
  });

  describe('nested objects validated as objects', () => {
    const withoutAddress = () => {
      const { address: _address, ...rest } = childRecordInput();
      return rest;
    };
    it.each([
      ['address missing', () => withoutAddress(), 'address'],
      ['address an array', () => ({ ...childRecordInput(), address: [] }), 'address'],
      [
        'educationalSetting an array',
        () => ({ ...childRecordInput(), educationalSetting: [] }),
        'educationalSetting',
      ],
      ['carers holding an array', () => ({ ...childRecordInput(), carers: [[]] }), 'carers'],
      [
        "a carer's contact an array",
        () => ({ ...childRecordInput(), carers: [{ ...childRecordInput().carers![0], contact: [] }] }),
        'carers.0.contact',
      ],
      [
        'involvements holding a string',
        () => ({ ...childRecordInput(), involvements: ['x'] }),
        'involvements',
      ],
    ])('POST /children with %s: 400 naming the field, nothing written', async (_name, body, field) => {
      const response = await refusedWithoutWrites(() =>
        request(server()).post('/api/v1/children').set('authorization', dataManager).send(body()),
      );
      expectProblem(response, 400, /must (be an object|hold objects)/, field);
    });

    it('indicators with assessment an array: 400, and the assessment stays', async () => {
      const path = `/api/v1/children/${childId}/involvements/${involvementId}/indicators`;
      await request(server())
        .put(path)
        .set('authorization', dataManager)
        .send({
          hasInformationToShare: true,
          assessment: { type: 'early-help-assessment', date: '2025-01-15' },
        })
        .expect(200);
      const before = await app
        .get(DataSource)
        .query<{ assessment: unknown }[]>(
          `SELECT assessment_type AS assessment FROM involvement WHERE id = $1`,
          [involvementId],
        );
      const response = await refusedWithoutWrites(() =>
        request(server())
          .put(path)
          .set('authorization', dataManager)
          .send({ hasInformationToShare: true, assessment: [] }),
      );
      expectProblem(response, 400, /must be an object/, 'assessment');
      const after = await app
        .get(DataSource)
        .query<{ assessment: unknown }[]>(
          `SELECT assessment_type AS assessment FROM involvement WHERE id = $1`,
          [involvementId],
        );
      expect(after).toEqual(before);
      expect(before[0].assessment).toBe('early-help-assessment');
    });
  });

  describe('query parameters, on every route including CSV exports', () => {
    it.each([
      ['/api/v1/audit/entries.csv?limit=abc', 'limit'],
      ['/api/v1/audit/entries.csv?afterSequence=99999999999999999999', 'afterSequence'],
      ['/api/v1/audit/entries?afterSequence=99999999999999999999', 'afterSequence'],
      ['/api/v1/audit/entries.csv?from=not-a-date', 'from'],
    ])('%s: 400 naming the parameter, as JSON', async (path, field) => {
      const response = await request(server()).get(path).set('authorization', auditor);
      expect(response.status).toBe(400);
      expect(response.headers['content-type']).toMatch(/application\/json/);
      expect((response.body as ErrorBody).problems?.map((problem) => problem.field)).toContain(field);
    });
  });
});
