/** @jest-environment ./test/fhir/fhir-environment.ts */
import { randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Client } from 'fhir-kit-client';
import type { AuditEvent, Bundle } from '../../apps/node/src/fhir/fhir-types';
import { bearerFor } from '../support/auth';
import {
  auditEntriesAfter,
  childRecordInput,
  createChildThroughApi,
  lastAuditSequence,
  validNhsNumber,
} from '../support/child-records';
import { startNodeApp } from '../support/node-app';
import { createTestDatabase } from '../support/test-database';
import { expectValidR4, fhirKit, loadR4Definitions, refusal } from './fhir-r4';

jest.setTimeout(60_000);

const USER_SYSTEM = 'https://contactpoint.example/fhir/Id/user';

describe('FHIR R4 AuditEvent at /fhir (IHE BALP over the audit trail; real PostgreSQL, fhir-kit-client)', () => {
  let app: NestFastifyApplication;
  let database: { url: string; drop: () => Promise<void> };
  let base: string;
  let childId: string;
  const practitionerId = randomUUID();

  async function client(role: Parameters<typeof bearerFor>[1], userId = randomUUID()): Promise<Client> {
    const bearerToken = (await bearerFor(app, role, userId)).slice('Bearer '.length);
    return new (fhirKit().Client)({
      baseUrl: base,
      bearerToken,
      customHeaders: { 'X-Purpose-Of-Use': 'providing-a-service' },
    });
  }

  async function auditEvents(searchParams: Record<string, string | string[]>): Promise<AuditEvent[]> {
    const bundle = expectValidR4<Bundle>(
      await (await client('auditor')).search({ resourceType: 'AuditEvent', searchParams }),
      'Bundle',
    );
    return bundle.entry.map((entry) => entry.resource as AuditEvent);
  }

  beforeAll(async () => {
    await loadR4Definitions();
    database = await createTestDatabase();
    app = await startNodeApp({ DATABASE_URL: database.url });
    await app.listen(0, '127.0.0.1');
    base = `${await app.getUrl()}/fhir`;
    childId = await createChildThroughApi(
      app,
      childRecordInput({ givenName: 'Tobias', familyName: 'Wrenfield', nhsNumber: validNhsNumber(801) }),
    );
    const practitioner = await client('practitioner', practitionerId);
    await practitioner.read({ resourceType: 'Patient', id: childId });
    await practitioner.search({
      resourceType: 'Patient',
      searchParams: { identifier: `https://fhir.nhs.uk/Id/nhs-number|${validNhsNumber(801)}` },
    });
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  it('lists who looked at a child: each view and search as a BALP AuditEvent, with the reason and the user', async () => {
    const events = await auditEvents({ patient: `Patient/${childId}` });
    const actions = events.map((event) => event.subtype?.at(-1)?.code);
    expect(actions).toEqual(['record.create', 'record.view', 'record.search']);
    const [, view, search] = events;
    expect(view).toMatchObject({
      type: { system: 'http://terminology.hl7.org/CodeSystem/audit-event-type', code: 'rest' },
      action: 'R',
      outcome: '0',
      purposeOfEvent: [{ coding: [{ code: 'providing-a-service' }] }],
      agent: [{ who: { identifier: { system: USER_SYSTEM, value: practitionerId } }, requestor: true }],
    });
    expect(view.subtype?.[0]).toEqual({ system: 'http://hl7.org/fhir/restful-interaction', code: 'read' });
    expect(view.entity?.[0]).toMatchObject({
      what: { reference: `Patient/${childId}` },
      role: { code: '1' },
    });
    expect(search).toMatchObject({
      action: 'E',
      subtype: [{ code: 'search-type' }, { code: 'record.search' }],
    });
    expect(search.entity?.[0].what).toEqual({ reference: `Patient/${childId}` });
  });

  it('filters by agent and by date (ge, lt), and pages with _count and the next link', async () => {
    const byAgent = await auditEvents({ agent: practitionerId });
    expect(byAgent.map((event) => event.subtype?.at(-1)?.code)).toEqual(['record.view', 'record.search']);
    const today = new Date().toISOString().slice(0, 10);
    expect(await auditEvents({ patient: childId, date: [`ge${today}`, 'lt2999-01-01'] })).toHaveLength(3);
    expect(await auditEvents({ patient: childId, date: 'lt2000' })).toEqual([]);

    const auditor = await client('auditor');
    const first = expectValidR4<Bundle>(
      await auditor.search({ resourceType: 'AuditEvent', searchParams: { patient: childId, _count: '2' } }),
      'Bundle',
    );
    expect(first.entry).toHaveLength(2);
    const next = first.link?.find((link) => link.relation === 'next');
    expect(next?.url).toContain('_cursor=');
    const second = expectValidR4<Bundle>(await auditor.nextPage({ bundle: first as never }), 'Bundle');
    expect(second.entry.map((entry) => (entry.resource as AuditEvent).subtype?.at(-1)?.code)).toEqual([
      'record.search',
    ]);
  });

  it('audits each read of the trail, as /api/v1/audit does', async () => {
    const start = await lastAuditSequence(app);
    await auditEvents({ patient: childId });
    const [entry] = await auditEntriesAfter(app, start);
    expect(entry).toMatchObject({
      action: 'audit.read',
      actor_role: 'auditor',
      detail: { filterChildId: childId },
    });
  });

  it('refuses a practitioner (403, audited), and bad parameters with a 400 naming them', async () => {
    const start = await lastAuditSequence(app);
    const refused = await refusal(
      (await client('practitioner')).search({
        resourceType: 'AuditEvent',
        searchParams: { patient: childId },
      }),
    );
    expect(refused).toMatchObject({ status: 403, outcome: { issue: [{ code: 'forbidden' }] } });
    expect((await auditEntriesAfter(app, start)).map((entry) => [entry.action, entry.outcome])).toEqual([
      ['access.refused', 'refused'],
    ]);
    const auditor = await client('auditor');
    for (const [searchParams, parameter] of [
      [{ patient: 'Patient/12' }, 'patient'],
      [{ date: 'gt2026-13-01' }, 'date'],
      [{ agent: 'someone' }, 'agent'],
      [{ action: 'R' }, 'action'],
      [{ _count: '5000' }, '_count'],
    ] as const) {
      const { status, outcome } = await refusal(auditor.search({ resourceType: 'AuditEvent', searchParams }));
      expect([parameter, status, outcome.issue[0].expression]).toEqual([parameter, 400, [parameter]]);
    }
  });
});
