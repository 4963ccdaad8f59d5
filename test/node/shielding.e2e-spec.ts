import { randomUUID } from 'node:crypto';
import request from 'supertest';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import type { SearchResponse } from '../../apps/node/src/search/search.service';
import { bearerFor } from '../support/auth';
import {
  auditEntriesAfter,
  childRecordInput,
  lastAuditSequence,
  validNhsNumber,
  validUpn,
} from '../support/child-records';
import { startNodeApp } from '../support/node-app';
import { createTestDatabase } from '../support/test-database';

const REASON = 'safeguarding-concern';
const SHIELDED_VIEW_KEYS = ['child', 'id', 'laCode', 'shielded', 'shieldingTeam'];
const SHIELDED_CHILD_KEYS = ['age', 'dateOfBirth', 'familyName', 'gender', 'givenName'];
const SHIELDING_TEAM = {
  name: 'Westminster ContactPoint shielding team',
  telephone: '020 7946 0999',
  email: 'shielding@westminster.example.gov.uk',
};

describe('shielding (real PostgreSQL)', () => {
  let app: NestFastifyApplication;
  let database: { url: string; drop: () => Promise<void> };
  let dataManager: string;
  let practitioner: string;
  let officer: string;
  let childId: string;
  const input = childRecordInput({
    givenName: 'Maisie',
    familyName: 'Harrowgate',
    dateOfBirth: '2013-08-21',
    nhsNumber: validNhsNumber(501),
    upn: validUpn(501),
    address: { line1: '77 Quiet Close', town: 'London', postcode: 'W1A 1AA' },
  });
  const http = () => request(app.getHttpServer());

  async function view(authorization: string): Promise<Record<string, unknown>> {
    const response = await http()
      .get(`/api/v1/children/${childId}`)
      .query({ reason: REASON })
      .set('Authorization', authorization)
      .expect(200);
    return response.body as Record<string, unknown>;
  }

  async function search(
    query: Record<string, string>,
    authorization = practitioner,
  ): Promise<SearchResponse> {
    const response = await http()
      .get('/api/v1/search')
      .query({ reason: REASON, ...query })
      .set('Authorization', authorization)
      .expect(200);
    return response.body as SearchResponse;
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    app = await startNodeApp({
      DATABASE_URL: database.url,
      SHIELDING_TEAM_NAME: SHIELDING_TEAM.name,
      SHIELDING_TEAM_TELEPHONE: SHIELDING_TEAM.telephone,
      SHIELDING_TEAM_EMAIL: SHIELDING_TEAM.email,
    });
    dataManager = await bearerFor(app, 'data-manager');
    practitioner = await bearerFor(app, 'practitioner');
    officer = await bearerFor(app, 'shielding-officer', randomUUID());
    const created = await http()
      .post('/api/v1/children')
      .set('Authorization', dataManager)
      .send(input)
      .expect(201);
    childId = (created.body as { id: string }).id;
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  it('before shielding, a practitioner finds the child by NHS number and sees the whole record', async () => {
    expect((await search({ nhsNumber: input.nhsNumber! })).results[0].id).toBe(childId);
    expect(await view(practitioner)).toHaveProperty('carers');
  });

  it('only a shielding officer may shield, with a reason code from the list', async () => {
    for (const role of ['practitioner', 'data-manager', 'auditor', 'node-administrator'] as const) {
      await http()
        .post(`/api/v1/children/${childId}/shield`)
        .set('Authorization', await bearerFor(app, role))
        .send({ reasonCode: 'witness-protection' })
        .expect(403);
    }
    const bad = await http()
      .post(`/api/v1/children/${childId}/shield`)
      .set('Authorization', officer)
      .send({ reasonCode: 'because' })
      .expect(400);
    expect(bad.body.problems[0].field).toBe('reasonCode');

    const start = await lastAuditSequence(app);
    const shielded = await http()
      .post(`/api/v1/children/${childId}/shield`)
      .set('Authorization', officer)
      .send({ reasonCode: 'risk-of-harm-from-known-person' })
      .expect(200);
    expect(shielded.body).toEqual({ id: childId, version: 2 });
    const [entry] = await auditEntriesAfter(app, start);
    expect(entry).toMatchObject({
      action: 'shield.set',
      outcome: 'allowed',
      child_id: childId,
      actor_role: 'shielding-officer',
      detail: { reasonCode: 'risk-of-harm-from-known-person' },
    });
    await http()
      .post(`/api/v1/children/${childId}/shield`)
      .set('Authorization', officer)
      .send({ reasonCode: 'witness-protection' })
      .expect(409);
  });

  it.each(['practitioner', 'data-manager'] as const)(
    'shows a %s only name, gender, date of birth, age and the shielding team',
    async (role) => {
      const record = await view(await bearerFor(app, role));
      expect(Object.keys(record).sort()).toEqual(SHIELDED_VIEW_KEYS);
      expect(Object.keys(record.child as object).sort()).toEqual(SHIELDED_CHILD_KEYS);
      expect(record).toMatchObject({
        id: childId,
        shielded: true,
        child: { givenName: 'Maisie', familyName: 'Harrowgate', dateOfBirth: '2013-08-21', gender: 'female' },
        shieldingTeam: SHIELDING_TEAM,
      });
      const text = JSON.stringify(record);
      for (const withheld of [
        'Quiet Close',
        'W1A',
        'Jane',
        'Sam Patel',
        'A81001',
        'Millie',
        input.nhsNumber!,
      ]) {
        expect(text).not.toContain(withheld);
      }
    },
  );

  it('shows a shielding officer the whole record, auditing the view as a shielded one', async () => {
    const start = await lastAuditSequence(app);
    const record = await view(officer);
    expect(record).toMatchObject({
      shielded: true,
      shielding: { reasonCode: 'risk-of-harm-from-known-person' },
      address: { line1: '77 Quiet Close', postcode: 'W1A 1AA' },
      carers: [expect.objectContaining({ name: 'Jane Thornbury' })],
    });
    const [entry] = await auditEntriesAfter(app, start);
    expect(entry).toMatchObject({
      action: 'record.view',
      child_id: childId,
      actor_role: 'shielding-officer',
      detail: { shielded: true, shieldedView: false },
    });
  });

  it('in search, shows a practitioner only the visible fields and finds it only by them', async () => {
    const { results } = await search({ familyName: 'Harrowgate', dateOfBirth: '2013-08-21' });
    expect(results).toHaveLength(1);
    const [result] = results;
    expect(Object.keys(result).sort()).toEqual([...SHIELDED_VIEW_KEYS, 'grade', 'matchedOn', 'score'].sort());
    expect(result).toMatchObject({ id: childId, shielded: true, shieldingTeam: SHIELDING_TEAM });
    for (const field of result.matchedOn) expect(field).toMatch(/name|birth|gender/i);
    expect(JSON.stringify(result)).not.toMatch(/W1A|Quiet|postcode|nhs|upn/i);

    // The postcode is withheld: it neither finds the child nor adds to its score.
    const byNameAndPostcode = await search({ familyName: 'Harrowgate', givenName: 'Maisie', postcode: 'W1A 1AA' });
    const byNameOnly = await search({ familyName: 'Harrowgate', givenName: 'Maisie' });
    expect(byNameAndPostcode.results).toHaveLength(1);
    expect(byNameAndPostcode.results[0].matchedOn.join()).not.toMatch(/postcode/i);
    expect(byNameAndPostcode.results[0].score).toBe(byNameOnly.results[0].score);
    expect((await search({ nhsNumber: input.nhsNumber! })).results).toEqual([]);
    expect((await search({ upn: input.upn! })).results).toEqual([]);
    const keys = await app
      .get(DataSource)
      .query<{ kind: string }[]>(`SELECT DISTINCT kind FROM child_search_key WHERE child_id = $1`, [childId]);
    expect(keys.map((key) => key.kind).sort()).toEqual(['dob', 'family', 'given']);
  });

  it('shows a shielding officer the whole search result', async () => {
    const { results } = await search({ familyName: 'Harrowgate', dateOfBirth: '2013-08-21' }, officer);
    expect(results[0]).toMatchObject({ id: childId, shielded: true, postcode: 'W1A 1AA' });
  });

  it('refuses a practitioner, not a data manager, an involvement on a shielded record', async () => {
    const involvement = { ...input.involvements![0], isLeadProfessional: false };
    await http()
      .post(`/api/v1/children/${childId}/involvements`)
      .set('Authorization', practitioner)
      .send(involvement)
      .expect(403);
    await http()
      .post(`/api/v1/children/${childId}/involvements`)
      .set('Authorization', dataManager)
      .send(involvement)
      .expect(201);
    const { involvements: _involvements, ...details } = input;
    await http()
      .put(`/api/v1/children/${childId}`)
      .set('Authorization', dataManager)
      .send({ ...details, version: 3 })
      .expect(403);
  });

  it('unshielding restores the whole record and its search keys', async () => {
    await http().delete(`/api/v1/children/${childId}/shield`).set('Authorization', practitioner).expect(403);
    await http().delete(`/api/v1/children/${childId}/shield`).set('Authorization', officer).expect(200);
    await http().delete(`/api/v1/children/${childId}/shield`).set('Authorization', officer).expect(409);
    const record = await view(practitioner);
    expect(record).toMatchObject({ shielded: false, shielding: null, address: { postcode: 'W1A 1AA' } });
    expect((await search({ nhsNumber: input.nhsNumber! })).results[0].id).toBe(childId);
  });
});
