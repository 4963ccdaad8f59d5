import request from 'supertest';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { MisuseService } from '../../apps/node/src/misuse/misuse.service';
import type { MisuseFlag } from '../../apps/node/src/misuse/misuse-rules';
import { createTestDatabase } from '../support/test-database';
import { startNodeApp } from '../support/node-app';
import { bearerFor } from '../support/auth';
import { childRecordInput, validNhsNumber } from '../support/child-records';
import { createEnrolledUser } from '../support/practitioners';

// argon2id hashing and many requests per test: allow more than jest's default 5 s.
jest.setTimeout(60_000);

/** Working hours that exclude the current London hour, so this test's accesses are out of hours. */
function hoursExcludingNow(): { WORKING_HOURS_START: number; WORKING_HOURS_END: number } {
  const hour = Number(
    new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', hourCycle: 'h23' }).format(
      new Date(),
    ),
  );
  return hour < 12
    ? { WORKING_HOURS_START: 13, WORKING_HOURS_END: 23 }
    : { WORKING_HOURS_START: 1, WORKING_HOURS_END: 11 };
}

describe('misuse review (real PostgreSQL)', () => {
  let app: NestFastifyApplication;
  let database: { url: string; drop: () => Promise<void> };

  beforeAll(async () => {
    database = await createTestDatabase();
    app = await startNodeApp({
      DATABASE_URL: database.url,
      MISUSE_VIEWS_PER_DAY_THRESHOLD: 1,
      MISUSE_REVIEW_ENABLED: false,
      ...hoursExcludingNow(),
    });
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  const server = () => app.getHttpServer();

  it('flags unusual views, out-of-hours access, shielded views, searches without follow-up and shared surnames; ids only', async () => {
    const start = new Date(Date.now() - 60_000);
    const dataManager = await bearerFor(app, 'data-manager');
    const officerId = '7d0c5d4e-2f6b-4c1a-9a51-3f0f8b6c2a10';
    const officer = await bearerFor(app, 'shielding-officer', officerId);
    const relative = await createEnrolledUser(app, {
      username: 'p.thornbury',
      role: 'practitioner',
      familyName: 'Thornbury',
    });
    const browserId = '0b6f3a53-8a3e-4f4b-9d7e-5b8f0c1d2e3f';
    const browser = await bearerFor(app, 'practitioner', browserId);

    const sameSurname = await request(server())
      .post('/api/v1/children')
      .set('authorization', dataManager)
      .send(childRecordInput({ familyName: 'Thornbury', nhsNumber: validNhsNumber(11) }))
      .expect(201);
    const shielded = await request(server())
      .post('/api/v1/children')
      .set('authorization', dataManager)
      .send(childRecordInput({ familyName: 'Okonkwo', nhsNumber: validNhsNumber(12) }))
      .expect(201);
    await request(server())
      .post(`/api/v1/children/${shielded.body.id}/shield`)
      .set('authorization', officer)
      .send({ reasonCode: 'refuge-or-domestic-abuse' })
      .expect(200);

    const asRelative = `Bearer ${relative.accessToken}`;
    for (let i = 0; i < 2; i += 1) {
      await request(server())
        .get(`/api/v1/children/${sameSurname.body.id}`)
        .query({ reason: 'providing-a-service' })
        .set('authorization', asRelative)
        .expect(200);
    }
    await request(server())
      .get(`/api/v1/children/${shielded.body.id}`)
      .query({ reason: 'safeguarding-concern' })
      .set('authorization', officer)
      .expect(200);
    const search = await request(server())
      .get('/api/v1/search')
      .query({ nhsNumber: validNhsNumber(11), reason: 'safeguarding-concern' })
      .set('authorization', browser)
      .expect(200);
    expect(JSON.stringify(search.body)).toContain(sameSurname.body.id);

    const auditor = await bearerFor(app, 'auditor');
    const report = await request(server())
      .get('/api/v1/misuse/report')
      .query({ from: start.toISOString(), to: new Date(Date.now() + 1000).toISOString() })
      .set('authorization', auditor)
      .expect(200);
    const flags = report.body.flags as MisuseFlag[];
    const ruleFor = (rule: string, userId: string) =>
      flags.find((flag) => flag.rule === rule && flag.userId === userId);

    expect(ruleFor('views-per-day', relative.id)).toMatchObject({
      count: 2,
      childIds: [sameSurname.body.id],
    });
    expect(ruleFor('outside-working-hours', relative.id)?.count).toBe(2);
    expect(ruleFor('shared-surname', relative.id)).toMatchObject({
      count: 2,
      childIds: [sameSurname.body.id],
    });
    expect(ruleFor('shielded-record-view', officerId)).toMatchObject({
      count: 1,
      childIds: [shielded.body.id],
    });
    expect(ruleFor('search-without-follow-up', browserId)?.count).toBe(1);
    expect(ruleFor('shared-surname', officerId)).toBeUndefined();
    // Ids and counts only: no names in the report.
    expect(JSON.stringify(report.body)).not.toMatch(/Thornbury|Okonkwo|Amelia/);

    await request(server())
      .get('/api/v1/misuse/report')
      .query({ from: start.toISOString(), to: start.toISOString() })
      .set('authorization', auditor)
      .expect(400);
    await request(server())
      .get('/api/v1/misuse/report')
      .query({ from: start.toISOString(), to: new Date().toISOString() })
      .set('authorization', asRelative)
      .expect(403);
  });

  it('stores the daily run for the LA console, and auditors list stored runs', async () => {
    const daily = await app.get(MisuseService).runDaily();
    expect(daily.trigger).toBe('daily');
    expect(daily.flags.length).toBeGreaterThanOrEqual(5);
    const stored = await request(server())
      .get('/api/v1/misuse/reports')
      .set('authorization', await bearerFor(app, 'auditor'))
      .expect(200);
    expect(stored.body).toHaveLength(1);
    expect(stored.body[0]).toMatchObject({ id: daily.id, trigger: 'daily' });
    expect(stored.body[0].flags).toEqual(daily.flags);
  });
});
