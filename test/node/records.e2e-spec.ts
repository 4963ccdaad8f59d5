import { randomUUID } from 'node:crypto';
import request from 'supertest';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { InvalidInputError } from '@cp/errors';
import { SYSTEM_ACTOR } from '../../apps/node/src/access/roles';
import type { FullRecordView } from '../../apps/node/src/record-store/record-view';
import { RecordsService } from '../../apps/node/src/records/records.service';
import { bearerFor } from '../support/auth';
import {
  auditEntriesAfter,
  childRecordInput,
  lastAuditSequence,
  recordRowCounts,
  validNhsNumber,
  validUpn,
} from '../support/child-records';
import { startNodeApp } from '../support/node-app';
import { createTestDatabase } from '../support/test-database';

const REASON = 'providing-a-service';

describe('child records over HTTP (real PostgreSQL)', () => {
  let app: NestFastifyApplication;
  let database: { url: string; drop: () => Promise<void> };
  let dataManager: string;
  let seed = 1000;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    database = await createTestDatabase();
    app = await startNodeApp({ DATABASE_URL: database.url });
    dataManager = await bearerFor(app, 'data-manager');
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  /** A fresh valid record with its own identifiers. */
  function newRecord(overrides: Parameters<typeof childRecordInput>[0] = {}) {
    seed += 7;
    return childRecordInput({ nhsNumber: validNhsNumber(seed), upn: validUpn(seed), ...overrides });
  }

  async function create(body: object = newRecord()): Promise<{ id: string; version: number }> {
    const response = await http()
      .post('/api/v1/children')
      .set('Authorization', dataManager)
      .send(body)
      .expect(201);
    return response.body as { id: string; version: number };
  }

  async function view(id: string, authorization = dataManager): Promise<FullRecordView> {
    const response = await http()
      .get(`/api/v1/children/${id}`)
      .query({ reason: REASON })
      .set('Authorization', authorization)
      .expect(200);
    return response.body as FullRecordView;
  }

  it('creates a record and reads it back whole, identifiers normalised, with age and the holding LA', async () => {
    const input = newRecord({ nhsNumber: '943 476 5919' });
    const { id, version } = await create(input);
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(version).toBe(1);

    const record = await view(id);
    expect(record).toMatchObject({
      id,
      laCode: 'E09000033',
      version: 1,
      shielded: false,
      child: {
        givenName: 'Amelia',
        familyName: 'Thornbury',
        otherNames: ['Millie'],
        dateOfBirth: '2014-03-09',
        gender: 'female',
        nhsNumber: '9434765919',
        upn: input.upn,
      },
      address: { line1: '12 Ashdown Road', town: 'London', postcode: 'SW1A 2AA' },
      addressHistory: [],
      carers: [{ name: 'Jane Thornbury', relationship: 'mother', hasParentalResponsibility: true }],
      educationalSetting: { name: 'St Example Primary School', urn: '100001' },
      gpPractice: { name: 'Example Medical Centre', odsCode: 'A81001' },
    });
    expect(record.child.age).toBeGreaterThanOrEqual(11);
    expect(record.involvements).toHaveLength(1);
    expect(record.leadProfessional).toMatchObject({
      practitionerName: 'Sam Patel',
      isLeadProfessional: true,
    });
  });

  it('refuses a view without a valid reason, a non-UUID id, and answers 404 for an unknown id', async () => {
    const { id } = await create();
    const noReason = await http().get(`/api/v1/children/${id}`).set('Authorization', dataManager).expect(400);
    expect(noReason.body.problems[0].field).toBe('reason');
    const badReason = await http()
      .get(`/api/v1/children/${id}`)
      .query({ reason: 'curiosity' })
      .set('Authorization', dataManager)
      .expect(400);
    expect(badReason.body.problems[0].field).toBe('reason');
    const badId = await http()
      .get('/api/v1/children/not-a-uuid')
      .query({ reason: REASON })
      .set('Authorization', dataManager)
      .expect(400);
    expect(badId.body.problems[0].field).toBe('id');
    await http()
      .get(`/api/v1/children/${randomUUID()}`)
      .query({ reason: REASON })
      .set('Authorization', dataManager)
      .expect(404);
  });

  it('updates with the current version, moving a changed address into the history', async () => {
    const input = newRecord();
    const { id } = await create(input);
    const { involvements: _involvements, ...details } = input;
    const updated = await http()
      .put(`/api/v1/children/${id}`)
      .set('Authorization', dataManager)
      .send({
        ...details,
        givenName: 'Amelie',
        address: { line1: '3 New Street', town: 'London', postcode: 'W1A 1AA' },
        carers: [],
        version: 1,
      })
      .expect(200);
    expect(updated.body).toEqual({ id, version: 2 });
    const record = await view(id);
    expect(record.version).toBe(2);
    expect(record.child.givenName).toBe('Amelie');
    expect(record.address.postcode).toBe('W1A 1AA');
    expect(record.addressHistory).toEqual([
      expect.objectContaining({ line1: '12 Ashdown Road', postcode: 'SW1A 2AA' }),
    ]);
    expect(record.carers).toEqual([]);
    expect(record.involvements).toHaveLength(1);
  });

  it('refuses a stale update with 409 and changes nothing', async () => {
    const input = newRecord();
    const { id } = await create(input);
    const { involvements: _involvements, ...details } = input;
    await http()
      .put(`/api/v1/children/${id}`)
      .set('Authorization', dataManager)
      .send({ ...details, version: 1 })
      .expect(200);
    const before = await view(id);
    const counts = await recordRowCounts(app);

    const stale = await http()
      .put(`/api/v1/children/${id}`)
      .set('Authorization', dataManager)
      .send({ ...details, familyName: 'Overwritten', carers: [], version: 1 })
      .expect(409);
    expect(stale.body.error).toBe('conflict');

    expect(await view(id)).toEqual(before);
    const after = await recordRowCounts(app);
    expect({ ...after, audit_entry: 0 }).toEqual({ ...counts, audit_entry: 0 });
  });

  it.each([
    [
      'top level',
      (body: Record<string, unknown>) => ({ ...body, notes: 'worried about home life' }),
      'notes',
    ],
    [
      'a carer',
      (body: Record<string, unknown>) => ({
        ...body,
        carers: [{ ...(body.carers as object[])[0], notes: 'difficult to reach' }],
      }),
      'carers.0.notes',
    ],
    [
      'an involvement',
      (body: Record<string, unknown>) => ({
        ...body,
        involvements: [{ ...(body.involvements as object[])[0], caseNotes: 'x' }],
      }),
      'involvements.0.caseNotes',
    ],
    [
      'a contact',
      (body: Record<string, unknown>) => ({
        ...body,
        gpPractice: { name: 'GP', contact: { telephone: '020 7946 0003', opinion: 'x' } },
      }),
      'gpPractice.contact.opinion',
    ],
  ])('refuses an unknown field in %s, naming it, and writes nothing', async (_where, mutate, field) => {
    const counts = await recordRowCounts(app);
    const response = await http()
      .post('/api/v1/children')
      .set('Authorization', dataManager)
      .send(mutate(newRecord() as unknown as Record<string, unknown>))
      .expect(400);
    expect(response.body.problems).toContainEqual(expect.objectContaining({ field, rule: 'unknownField' }));
    expect(await recordRowCounts(app)).toEqual(counts);
  });

  it.each([
    ['nhsNumber', { nhsNumber: '943 476 5918' }, 'nhsNumber', 'isNhsNumber'],
    ['upn', { upn: 'A801200005001' }, 'upn', 'isUpn'],
    [
      'postcode',
      { address: { line1: '1 High St', town: 'London', postcode: 'QQ1 1QQ' } },
      'address.postcode',
      'isUkPostcode',
    ],
    [
      'telephone',
      {
        carers: [
          {
            name: 'A Carer',
            relationship: 'father',
            hasParentalResponsibility: true,
            contact: { telephone: '12' },
          },
        ],
      },
      'carers.0.contact.telephone',
      'isPhoneNumber',
    ],
    ['gender', { gender: 'unknown' }, 'gender', 'isIn'],
    ['dateOfBirth', { dateOfBirth: '2014-02-30' }, 'dateOfBirth', 'isIsoDate'],
  ])('refuses an invalid %s with 400 naming the field and rule', async (_name, override, field, rule) => {
    const counts = await recordRowCounts(app);
    const response = await http()
      .post('/api/v1/children')
      .set('Authorization', dataManager)
      .send(newRecord(override as never))
      .expect(400);
    expect(response.body.problems).toContainEqual(expect.objectContaining({ field, rule }));
    expect(await recordRowCounts(app)).toEqual(counts);
  });

  it('refuses a sensitive-service involvement without consent, over HTTP and when called directly', async () => {
    const sensitive = {
      practitionerName: 'Dr Lee',
      role: 'Clinician',
      organisation: 'Sexual Health Clinic',
      serviceType: 'sexual-health' as const,
      contact: { telephone: '020 7946 0009' },
      startDate: '2025-01-01',
    };
    const counts = await recordRowCounts(app);
    const response = await http()
      .post('/api/v1/children')
      .set('Authorization', dataManager)
      .send(newRecord({ involvements: [sensitive] }))
      .expect(400);
    expect(response.body.problems).toContainEqual(
      expect.objectContaining({ field: 'involvements.0.consent' }),
    );
    await expect(
      app.get(RecordsService).create(newRecord({ involvements: [sensitive] }), {
        actor: SYSTEM_ACTOR,
        correlationId: randomUUID(),
      }),
    ).rejects.toBeInstanceOf(InvalidInputError);
    expect(await recordRowCounts(app)).toEqual(counts);

    const { id } = await create();
    const added = await http()
      .post(`/api/v1/children/${id}/involvements`)
      .set('Authorization', dataManager)
      .send(sensitive)
      .expect(400);
    expect(added.body.problems).toContainEqual(expect.objectContaining({ field: 'consent' }));
    await http()
      .post(`/api/v1/children/${id}/involvements`)
      .set('Authorization', dataManager)
      .send({ ...sensitive, consent: { recordedOn: '2025-01-01' } })
      .expect(201);
    expect((await view(id)).involvements).toHaveLength(2);
  });

  it('leaves no partial rows when a nested item fails, or when the database refuses mid-write', async () => {
    const counts = await recordRowCounts(app);
    const input = newRecord();
    const secondBad = { ...input.involvements![0], isLeadProfessional: false, serviceType: 'astrology' };
    await http()
      .post('/api/v1/children')
      .set('Authorization', dataManager)
      .send({ ...input, involvements: [input.involvements![0], secondBad] })
      .expect(400);
    expect(await recordRowCounts(app)).toEqual(counts);

    const { id } = await create(input);
    const afterFirst = await recordRowCounts(app);
    // Same NHS number: refused before anything of the second record is written.
    const duplicate = await http()
      .post('/api/v1/children')
      .set('Authorization', dataManager)
      .send({ ...newRecord(), nhsNumber: input.nhsNumber })
      .expect(409);
    expect(duplicate.body).toMatchObject({
      error: 'conflict',
      problems: [{ field: 'nhsNumber', rule: 'unique' }],
    });
    expect(await recordRowCounts(app)).toEqual(afterFirst);
    expect((await view(id)).id).toBe(id);
  });

  it('lets a practitioner end their own involvement, but not another practitioner’s', async () => {
    const { id } = await create();
    const alice = randomUUID();
    const bob = randomUUID();
    const aliceAuth = await bearerFor(app, 'practitioner', alice);
    const bobAuth = await bearerFor(app, 'practitioner', bob);
    const added = await http()
      .post(`/api/v1/children/${id}/involvements`)
      .set('Authorization', aliceAuth)
      .send({
        practitionerName: 'Alice Moss',
        role: 'Education welfare officer',
        organisation: 'Westminster Council',
        serviceType: 'education-welfare',
        contact: { email: 'alice.moss@example.gov.uk' },
        startDate: '2025-02-01',
      })
      .expect(201);
    const involvementId = added.body.involvementId as string;
    expect(added.body.version).toBe(2);

    const path = `/api/v1/children/${id}/involvements/${involvementId}`;
    await http()
      .post(`${path}/end`)
      .set('Authorization', bobAuth)
      .send({ endDate: '2025-03-01' })
      .expect(403);
    await http().patch(path).set('Authorization', bobAuth).send({ role: 'Other' }).expect(403);
    const empty = await http().patch(path).set('Authorization', aliceAuth).send({}).expect(400);
    expect(empty.body.problems[0].rule).toBe('nothingToChange');
    await http()
      .put(`${path}/indicators`)
      .set('Authorization', bobAuth)
      .send({ hasInformationToShare: true })
      .expect(403);
    expect((await view(id)).involvements.find((i) => i.id === involvementId)?.endDate).toBeNull();

    await http()
      .put(`${path}/indicators`)
      .set('Authorization', aliceAuth)
      .send({
        hasInformationToShare: true,
        assessment: { type: 'early-help-assessment', date: '2025-02-10' },
      })
      .expect(200);
    const early = await http()
      .post(`${path}/end`)
      .set('Authorization', aliceAuth)
      .send({ endDate: '2025-01-01' })
      .expect(400);
    expect(early.body.problems[0]).toMatchObject({ field: 'endDate', rule: 'notBeforeStart' });
    await http()
      .post(`${path}/end`)
      .set('Authorization', aliceAuth)
      .send({ endDate: '2025-03-01' })
      .expect(200);
    const ended = (await view(id)).involvements.find((i) => i.id === involvementId);
    expect(ended).toMatchObject({
      endDate: '2025-03-01',
      current: false,
      hasInformationToShare: true,
      assessment: { type: 'early-help-assessment', date: '2025-02-10' },
    });
    // Another practitioner's involvement registered by the data manager stays out of Alice's reach.
    const other = (await view(id)).involvements.find((i) => i.id !== involvementId)!;
    await http()
      .post(`/api/v1/children/${id}/involvements/${other.id}/end`)
      .set('Authorization', aliceAuth)
      .send({ endDate: '2025-03-01' })
      .expect(403);
  });

  it('keeps one lead professional, changed only through the lead-professional route', async () => {
    const { id } = await create();
    const record = await view(id);
    const added = await http()
      .post(`/api/v1/children/${id}/involvements`)
      .set('Authorization', dataManager)
      .send({ ...childRecordInput().involvements![0], practitionerName: 'Kim Odu', isLeadProfessional: true })
      .expect(400);
    expect(added.body.problems[0]).toMatchObject({
      field: 'isLeadProfessional',
      rule: 'oneLeadProfessional',
    });

    const second = await http()
      .post(`/api/v1/children/${id}/involvements`)
      .set('Authorization', dataManager)
      .send({
        ...childRecordInput().involvements![0],
        practitionerName: 'Kim Odu',
        isLeadProfessional: false,
      })
      .expect(201);
    await http()
      .put(`/api/v1/children/${id}/lead-professional`)
      .set('Authorization', await bearerFor(app, 'practitioner'))
      .send({ involvementId: second.body.involvementId })
      .expect(403);
    await http()
      .put(`/api/v1/children/${id}/lead-professional`)
      .set('Authorization', dataManager)
      .send({ involvementId: second.body.involvementId })
      .expect(200);
    const after = await view(id);
    expect(after.leadProfessional?.id).toBe(second.body.involvementId);
    expect(after.involvements.filter((i) => i.isLeadProfessional)).toHaveLength(1);
    expect(after.version).toBe(record.version + 2);
  });

  it('lets one of two concurrent updates of the same version win; the other gets 409', async () => {
    const input = newRecord();
    const { id } = await create(input);
    const { involvements: _involvements, ...details } = input;
    const attempts = await Promise.all(
      ['Concurrent-One', 'Concurrent-Two'].map((familyName) =>
        http()
          .put(`/api/v1/children/${id}`)
          .set('Authorization', dataManager)
          .send({ ...details, familyName, version: 1 }),
      ),
    );
    expect(attempts.map((attempt) => attempt.status).sort()).toEqual([200, 409]);
    const winner = attempts.find((attempt) => attempt.status === 200)!;
    const record = await view(id);
    expect(record.version).toBe(2);
    expect(record.child.familyName).toBe(winner === attempts[0] ? 'Concurrent-One' : 'Concurrent-Two');
  });

  it('documents the record routes in OpenAPI, with no field for notes or case information', async () => {
    const response = await http().get('/api/v1/openapi.json').expect(200);
    const document = response.body as { paths: Record<string, unknown>; components: unknown };
    for (const path of [
      '/api/v1/children',
      '/api/v1/children/{id}',
      '/api/v1/children/{id}/involvements',
      '/api/v1/children/{id}/involvements/{involvementId}',
      '/api/v1/children/{id}/involvements/{involvementId}/end',
      '/api/v1/children/{id}/involvements/{involvementId}/indicators',
      '/api/v1/children/{id}/lead-professional',
      '/api/v1/children/{id}/shield',
      '/api/v1/search',
    ]) {
      expect(document.paths).toHaveProperty([path]);
    }
    expect(JSON.stringify(document.components)).not.toMatch(
      /"(notes?|caseInformation|opinions?|diet|attainment)"/i,
    );
  });

  it('backs the rules up in the database: controlled lists, consent, one lead professional', async () => {
    const { id } = await create();
    const dataSource = app.get(DataSource);
    const insertInvolvement = (serviceType: string, consent: string | null, lead: boolean) =>
      dataSource.query(
        `INSERT INTO involvement (id, child_id, practitioner_name, role, organisation, service_type, start_date,
           consent_recorded_on, is_lead_professional, registered_by)
         VALUES ($1, $2, 'P', 'R', 'O', $3, '2025-01-01', $4, $5, 'test')`,
        [randomUUID(), id, serviceType, consent, lead],
      );
    await expect(insertInvolvement('mental-health', null, false)).rejects.toThrow(
      /involvement_sensitive_consent/,
    );
    await expect(insertInvolvement('astrology', null, false)).rejects.toThrow(/check constraint/);
    await expect(insertInvolvement('housing', null, true)).rejects.toThrow(
      /involvement_one_lead_professional/,
    );
    await expect(dataSource.query(`UPDATE child SET gender = 'unknown' WHERE id = $1`, [id])).rejects.toThrow(
      /check constraint/,
    );
  });

  it.each(['auditor', 'node-administrator'] as const)(
    'gives the %s no record content (403)',
    async (role) => {
      const { id } = await create();
      const authorization = await bearerFor(app, role);
      const routes = [
        http().get(`/api/v1/children/${id}`).query({ reason: REASON }),
        http().post('/api/v1/children').send(newRecord()),
        http().put(`/api/v1/children/${id}`).send({}),
        http().post(`/api/v1/children/${id}/involvements`).send({}),
        http().get('/api/v1/search').query({ nhsNumber: '9434765919', reason: REASON }),
        http().post(`/api/v1/children/${id}/shield`).send({ reasonCode: 'witness-protection' }),
      ];
      for (const route of routes) {
        const response = await route.set('Authorization', authorization);
        expect(response.status).toBe(403);
        expect(JSON.stringify(response.body)).not.toContain('Thornbury');
      }
    },
  );

  it('writes exactly one audit entry per record action, with actor, reason, child and outcome', async () => {
    const actorId = randomUUID();
    const authorization = await bearerFor(app, 'data-manager', actorId);
    const start = await lastAuditSequence(app);
    const input = newRecord();
    const { id } = (
      await http().post('/api/v1/children').set('Authorization', authorization).send(input).expect(201)
    ).body as { id: string };
    await http()
      .get(`/api/v1/children/${id}`)
      .query({ reason: 'safeguarding-concern' })
      .set('Authorization', authorization)
      .expect(200);
    await http()
      .get('/api/v1/search')
      .query({ nhsNumber: input.nhsNumber, reason: 'safeguarding-concern' })
      .set('Authorization', authorization)
      .expect(200);
    const { involvements: _involvements, ...details } = input;
    await http()
      .put(`/api/v1/children/${id}`)
      .set('Authorization', authorization)
      .send({ ...details, version: 1 })
      .expect(200);
    const added = await http()
      .post(`/api/v1/children/${id}/involvements`)
      .set('Authorization', authorization)
      .send({ ...input.involvements![0], isLeadProfessional: false })
      .expect(201);
    const involvementPath = `/api/v1/children/${id}/involvements/${added.body.involvementId}`;
    await http()
      .patch(involvementPath)
      .set('Authorization', authorization)
      .send({ role: 'Nurse' })
      .expect(200);
    await http()
      .put(`${involvementPath}/indicators`)
      .set('Authorization', authorization)
      .send({ hasInformationToShare: true })
      .expect(200);
    await http()
      .put(`/api/v1/children/${id}/lead-professional`)
      .set('Authorization', authorization)
      .send({ involvementId: added.body.involvementId })
      .expect(200);
    await http()
      .post(`${involvementPath}/end`)
      .set('Authorization', authorization)
      .send({ endDate: '2025-12-31' })
      .expect(200);

    const entries = await auditEntriesAfter(app, start);
    expect(entries.map((entry) => entry.action)).toEqual([
      'record.create',
      'record.view',
      'record.search',
      'record.update',
      'involvement.add',
      'involvement.update',
      'indicators.set',
      'lead-professional.appoint',
      'involvement.end',
    ]);
    for (const entry of entries) {
      expect(entry).toMatchObject({ outcome: 'allowed', actor_id: actorId, actor_role: 'data-manager' });
      expect(entry.child_id ?? entry.disclosed_child_ids[0]).toBe(id);
      expect(JSON.stringify(entry.detail)).not.toMatch(/Thornbury|Amelia|SW1A|2014-03-09/);
    }
    expect(entries[1].reason).toBe('safeguarding-concern');
    expect(entries[2]).toMatchObject({
      child_id: null,
      disclosed_child_ids: [id],
      reason: 'safeguarding-concern',
    });
    expect(entries[2].detail.criteria).toEqual(['nhsNumber']);
    expect(entries[0].reason).toBe('maintaining-the-record');
  });

  it('audits a refused attempt: a practitioner changing another’s involvement, a guessed record id', async () => {
    const { id } = await create();
    const record = await view(id);
    const practitionerId = randomUUID();
    const practitioner = await bearerFor(app, 'practitioner', practitionerId);
    const start = await lastAuditSequence(app);
    await http()
      .post(`/api/v1/children/${id}/involvements/${record.involvements[0].id}/end`)
      .set('Authorization', practitioner)
      .send({ endDate: '2025-03-01' })
      .expect(403);
    const guessed = randomUUID();
    await http()
      .get(`/api/v1/children/${guessed}`)
      .query({ reason: REASON })
      .set('Authorization', practitioner)
      .expect(404);
    const entries = await auditEntriesAfter(app, start);
    expect(entries).toEqual([
      expect.objectContaining({
        action: 'access.refused',
        outcome: 'refused',
        child_id: id,
        actor_id: practitionerId,
      }),
      expect.objectContaining({ action: 'access.refused', outcome: 'refused', child_id: guessed }),
    ]);
  });
});
