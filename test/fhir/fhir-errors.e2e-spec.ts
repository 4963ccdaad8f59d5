/** @jest-environment ./test/fhir/fhir-environment.ts */
import request from 'supertest';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { OperationOutcome } from '../../apps/node/src/fhir/fhir-types';
import { bearerFor } from '../support/auth';
import { startNodeApp } from '../support/node-app';
import { createTestDatabase } from '../support/test-database';
import { expectValidR4, loadR4Definitions } from './fhir-r4';

jest.setTimeout(60_000);

describe('FHIR errors before and around the routes: always an OperationOutcome, never a 500', () => {
  let app: NestFastifyApplication;
  let database: { url: string; drop: () => Promise<void> };
  let practitioner: string;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    await loadR4Definitions();
    database = await createTestDatabase();
    app = await startNodeApp({ DATABASE_URL: database.url });
    practitioner = await bearerFor(app, 'practitioner');
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  function outcomeOf(response: request.Response, status: number): OperationOutcome {
    expect([response.status, response.headers['content-type']]).toEqual([
      status,
      'application/fhir+json; charset=utf-8',
    ]);
    return expectValidR4<OperationOutcome>(JSON.parse(response.text), 'OperationOutcome');
  }

  const match = () =>
    http()
      .post('/fhir/Patient/$match')
      .set('authorization', practitioner)
      .set('x-purpose-of-use', 'safeguarding-concern');

  it('answers bodies the parsers refuse (not JSON, too deep, not a JSON type) as OperationOutcomes', async () => {
    const cases: [request.Test, number, string][] = [
      [
        match().set('content-type', 'application/fhir+json').send('{"resourceType": "Parameters",'),
        400,
        'invalid',
      ],
      [
        match()
          .set('content-type', 'application/fhir+json')
          .send(`${'['.repeat(64)}${']'.repeat(64)}`),
        400,
        'invalid',
      ],
      [match().set('content-type', 'application/fhir+xml').send('<Parameters/>'), 415, 'not-supported'],
      [match().set('content-type', 'application/json').send('[]'), 400, 'invalid'],
    ];
    for (const [sent, status, code] of cases) {
      expect(outcomeOf(await sent, status).issue[0].code).toBe(code);
    }
  });

  it('refuses unstorable characters and prototype keys in a query, naming the parameter', async () => {
    const nul = await http()
      .get('/fhir/Patient?family=a%00b&given=x&_purposeOfUse=safeguarding-concern')
      .set('authorization', practitioner);
    expect(outcomeOf(nul, 400).issue[0].expression).toEqual(['family']);
    const proto = await http()
      .get('/fhir/Patient?__proto__=x&_purposeOfUse=safeguarding-concern')
      .set('authorization', practitioner);
    expect(outcomeOf(proto, 400).issue[0].expression).toEqual(['__proto__']);
  });

  it('answers an unknown path or method, and the base itself, with a 404 OperationOutcome', async () => {
    for (const sent of [
      http().get('/fhir'),
      http().put('/fhir/Patient/abc'),
      http().delete('/fhir/AuditEvent'),
      http().get('/fhir/Observation'),
    ]) {
      expect(outcomeOf(await sent, 404).issue[0].code).toBe('not-found');
    }
    // /fhir is outside the /api/v1 prefix, and only there.
    await http().get('/api/v1/fhir/metadata').expect(404);
    expect(outcomeOf(await http().get('/fhir/metadata?_format=xml'), 400).issue[0].expression).toEqual([
      '_format',
    ]);
  });
});
