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

describe('local search (real PostgreSQL)', () => {
  let app: NestFastifyApplication;
  let database: { url: string; drop: () => Promise<void> };
  let dataManager: string;
  let practitioner: string;
  const ids: Record<string, string> = {};
  const http = () => request(app.getHttpServer());

  async function create(key: string, overrides: Parameters<typeof childRecordInput>[0]): Promise<string> {
    const response = await http()
      .post('/api/v1/children')
      .set('Authorization', dataManager)
      .send(childRecordInput(overrides))
      .expect(201);
    ids[key] = (response.body as { id: string }).id;
    return ids[key];
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
    app = await startNodeApp({ DATABASE_URL: database.url, SEARCH_RESULT_CAP: 3 });
    dataManager = await bearerFor(app, 'data-manager');
    practitioner = await bearerFor(app, 'practitioner');
    await create('oliver', {
      givenName: 'Oliver',
      familyName: 'Whitfield',
      dateOfBirth: '2012-06-15',
      gender: 'male',
      nhsNumber: validNhsNumber(11),
      upn: validUpn(11),
      address: { line1: '4 Canal Row', town: 'Birmingham', postcode: 'B11 2AB' },
    });
    await create('olivia', {
      givenName: 'Olivia',
      familyName: 'Whitfield',
      dateOfBirth: '2015-01-20',
      gender: 'female',
      nhsNumber: validNhsNumber(12),
      address: { line1: '4 Canal Row', town: 'Birmingham', postcode: 'B11 2AB' },
    });
    await create('priya', {
      givenName: 'Priya',
      familyName: 'Ramanathan',
      dateOfBirth: '2010-11-02',
      gender: 'female',
      nhsNumber: validNhsNumber(13),
      address: { line1: '9 Hill Street', town: 'Birmingham', postcode: 'B12 9QT' },
    });
    for (let i = 0; i < 5; i++) {
      await create(`smith${i}`, {
        givenName: 'Jack',
        familyName: 'Smith',
        dateOfBirth: `2013-0${i + 1}-10`,
        gender: 'male',
        nhsNumber: validNhsNumber(100 + i * 13),
        address: { line1: `${i} Long Lane`, town: 'London', postcode: 'SW1A 2AA' },
      });
    }
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  it('finds a child despite a typo in the family name, ranked first', async () => {
    const { results } = await search({ familyName: 'Whitfeild', dateOfBirth: '2012-06-15' });
    expect(results[0]).toMatchObject({
      id: ids.oliver,
      laCode: 'E09000033',
      shielded: false,
      child: { givenName: 'Oliver', familyName: 'Whitfield', dateOfBirth: '2012-06-15', gender: 'male' },
    });
    expect(results[0].score).toBeGreaterThan(0);
    expect(results.map((result) => result.id)).not.toContain(ids.priya);
  });

  it('finds by a typo in the given name with the family name, and by identifiers alone', async () => {
    const byName = await search({ familyName: 'Ramanathan', givenName: 'Pryia' });
    expect(byName.results.map((result) => result.id)).toEqual([ids.priya]);
    const byNhs = await search({ nhsNumber: validNhsNumber(12) });
    expect(byNhs.results.map((result) => result.id)).toEqual([ids.olivia]);
    expect(byNhs.results[0].grade).toBe('certain');
    const byUpn = await search({ upn: validUpn(11) });
    expect(byUpn.results[0].id).toBe(ids.oliver);
  });

  it('uses the postcode, ranking and capping the results', async () => {
    const inDistrict = await search({ familyName: 'Whitfield', givenName: 'Oliver', postcode: 'b11 2ab' });
    expect(inDistrict.results[0].id).toBe(ids.oliver);
    expect(inDistrict.results[0].matchedOn).toContain('postcode');
    const many = await search({ familyName: 'Smith', givenName: 'Jack' });
    expect(many.results).toHaveLength(3);
    expect(many.capped).toBe(true);
    const scores = many.results.map((result) => result.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });

  it.each([
    [{ familyName: 'Whitfield' }],
    [{ givenName: 'Oliver', dateOfBirth: '2012-06-15' }],
    [{ postcode: 'B11 2AB', gender: 'male' }],
    [{}],
  ])('refuses a search below the minimum criteria: %j', async (query) => {
    const response = await http()
      .get('/api/v1/search')
      .query({ reason: REASON, ...query })
      .set('Authorization', practitioner)
      .expect(400);
    expect(response.body.problems[0]).toMatchObject({ field: 'criteria', rule: 'minimumCriteria' });
  });

  it('refuses a search without a reason, or with invalid criteria, naming the field', async () => {
    const noReason = await http()
      .get('/api/v1/search')
      .query({ nhsNumber: validNhsNumber(12) })
      .set('Authorization', practitioner)
      .expect(400);
    expect(noReason.body.problems[0].field).toBe('reason');
    const badNhs = await http()
      .get('/api/v1/search')
      .query({ nhsNumber: '1234567890', reason: REASON })
      .set('Authorization', practitioner)
      .expect(400);
    expect(badNhs.body.problems[0].field).toBe('nhsNumber');
    const unknown = await http()
      .get('/api/v1/search')
      .query({ familyName: 'Smith', address: 'x', reason: REASON })
      .set('Authorization', practitioner)
      .expect(400);
    expect(unknown.body.problems[0]).toMatchObject({ field: 'address', rule: 'unknownField' });
  });

  it('writes one audit entry per search, naming the records it disclosed and the criteria, not their values', async () => {
    const start = await lastAuditSequence(app);
    const { results } = await search({ familyName: 'Whitfield', dateOfBirth: '2015-01-20' });
    await search({ familyName: 'Nobody', dateOfBirth: '2001-01-01' });
    const entries = await auditEntriesAfter(app, start);
    expect(entries).toHaveLength(2);
    expect(entries[0]).toMatchObject({
      action: 'record.search',
      outcome: 'allowed',
      reason: REASON,
      child_id: null,
      actor_role: 'practitioner',
    });
    expect(entries[0].disclosed_child_ids).toEqual(results.map((result) => result.id));
    expect(entries[0].detail.criteria).toEqual(['familyName', 'dateOfBirth']);
    expect(JSON.stringify(entries)).not.toMatch(/Whitfield|2015-01-20/);
    expect(entries[1].disclosed_child_ids).toEqual([]);
  });

  it('keeps blocking keys in step with updates, in the same transaction', async () => {
    const dataSource = app.get(DataSource);
    const before = await dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM child_search_key WHERE child_id = $1 AND kind = 'district'`,
      [ids.priya],
    );
    expect(before[0].n).toBe(1);
    const record = (
      await http()
        .get(`/api/v1/children/${ids.priya}`)
        .query({ reason: REASON })
        .set('Authorization', dataManager)
        .expect(200)
    ).body as { version: number };
    const input = childRecordInput({
      givenName: 'Priya',
      familyName: 'Okonkwo',
      dateOfBirth: '2010-11-02',
      gender: 'female',
      nhsNumber: validNhsNumber(13),
      address: { line1: '9 Hill Street', town: 'Birmingham', postcode: 'B12 9QT' },
    });
    const { involvements: _involvements, ...details } = input;
    await http()
      .put(`/api/v1/children/${ids.priya}`)
      .set('Authorization', dataManager)
      .send({ ...details, version: record.version })
      .expect(200);
    expect((await search({ familyName: 'Ramanathan', givenName: 'Priya' })).results).toEqual([]);
    expect((await search({ familyName: 'Okonkwo', dateOfBirth: '2010-11-02' })).results[0].id).toBe(
      ids.priya,
    );
  });
});
