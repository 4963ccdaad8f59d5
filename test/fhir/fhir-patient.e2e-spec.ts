/** @jest-environment ./test/fhir/fhir-environment.ts */
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Client } from 'fhir-kit-client';
import type { Bundle, Patient, RelatedPerson, CareTeam } from '../../apps/node/src/fhir/fhir-types';
import { bearerFor } from '../support/auth';
import {
  auditEntriesAfter,
  childRecordInput,
  createChildThroughApi,
  lastAuditSequence,
  validNhsNumber,
  validUpn,
} from '../support/child-records';
import { startNodeApp } from '../support/node-app';
import { createTestDatabase } from '../support/test-database';
import { expectValidR4, fhirKit, loadR4Definitions, refusal } from './fhir-r4';

jest.setTimeout(60_000);

const NHS = 'https://fhir.nhs.uk/Id/nhs-number';
const PURPOSE = { 'X-Purpose-Of-Use': 'safeguarding-concern' };

describe('FHIR R4 Patient at /fhir (real PostgreSQL, fhir-kit-client, R4 validation)', () => {
  let app: NestFastifyApplication;
  let database: { url: string; drop: () => Promise<void> };
  let base: string;
  let childId: string;
  let shieldedId: string;
  const input = childRecordInput({
    givenName: 'Imogen',
    familyName: 'Fairweather',
    dateOfBirth: '2015-06-17',
    nhsNumber: validNhsNumber(701),
    upn: validUpn(701),
  });
  const shieldedInput = childRecordInput({
    givenName: 'Rowan',
    familyName: 'Quillfeather',
    dateOfBirth: '2012-02-02',
    gender: 'male',
    nhsNumber: validNhsNumber(702),
    upn: validUpn(702),
    address: { line1: '5 Hidden Lane', town: 'London', postcode: 'W1A 1AA' },
  });

  async function client(
    role: Parameters<typeof bearerFor>[1],
    headers: Record<string, string> = PURPOSE,
  ): Promise<Client> {
    const bearerToken = (await bearerFor(app, role)).slice('Bearer '.length);
    return new (fhirKit().Client)({ baseUrl: base, bearerToken, customHeaders: headers });
  }

  beforeAll(async () => {
    await loadR4Definitions();
    database = await createTestDatabase();
    app = await startNodeApp({ DATABASE_URL: database.url, RECORD_VIEW_RATE_LIMIT: 8 });
    await app.listen(0, '127.0.0.1');
    base = `${await app.getUrl()}/fhir`;
    childId = await createChildThroughApi(app, input);
    shieldedId = await createChildThroughApi(app, shieldedInput);
    await request(app.getHttpServer())
      .post(`/api/v1/children/${shieldedId}/shield`)
      .set('Authorization', await bearerFor(app, 'shielding-officer'))
      .send({ reasonCode: 'witness-protection' })
      .expect(200);
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  it('publishes an R4 CapabilityStatement (4.0.1) naming Patient read, search and $match and AuditEvent search', async () => {
    const statement = expectValidR4<{
      resourceType: 'CapabilityStatement';
      fhirVersion: string;
      rest: {
        resource: { type: string; interaction: { code: string }[]; operation?: { name: string }[] }[];
      }[];
    }>(await new (fhirKit().Client)({ baseUrl: base }).capabilityStatement(), 'CapabilityStatement');
    expect(statement.fhirVersion).toBe('4.0.1');
    const resources = statement.rest[0].resource;
    expect(resources.map((resource) => resource.type)).toEqual(['Patient', 'AuditEvent']);
    expect(resources[0].interaction.map((interaction) => interaction.code)).toEqual(['read', 'search-type']);
    expect(resources[0].operation?.[0].name).toBe('match');
  });

  it('reads a whole record as a UK Core Patient with carers, GP, school and the care team, audited as a view', async () => {
    const start = await lastAuditSequence(app);
    const patient = expectValidR4<Patient>(
      await (await client('practitioner')).read({ resourceType: 'Patient', id: childId }),
      'Patient',
    );
    expect(patient.meta?.profile).toEqual(['https://fhir.hl7.org.uk/StructureDefinition/UKCore-Patient']);
    expect(patient.identifier).toContainEqual({ system: NHS, value: input.nhsNumber });
    expect(patient).toMatchObject({ id: childId, gender: 'female', birthDate: '2015-06-17', active: true });
    expect(patient.name?.[0]).toEqual({ use: 'official', family: 'Fairweather', given: ['Imogen'] });
    expect(patient.address?.[0]).toMatchObject({
      use: 'home',
      postalCode: input.address.postcode,
      city: 'London',
    });
    const contained = patient.contained ?? [];
    const carer = contained.find(
      (resource): resource is RelatedPerson => resource.resourceType === 'RelatedPerson',
    );
    expect(carer).toMatchObject({ patient: { reference: '#' }, name: [{ text: 'Jane Thornbury' }] });
    expect(carer?.relationship?.[0].coding).toContainEqual({
      system: 'http://terminology.hl7.org/CodeSystem/v3-RoleCode',
      code: 'MTH',
      display: 'mother',
    });
    expect(patient.generalPractitioner).toEqual([
      { reference: '#gp-practice', display: 'Example Medical Centre' },
    ]);
    expect(contained).toContainEqual(
      expect.objectContaining({
        resourceType: 'Organization',
        id: 'gp-practice',
        identifier: [{ system: 'https://fhir.nhs.uk/Id/ods-organization-code', value: 'A81001' }],
      }),
    );
    const team = contained.find((resource): resource is CareTeam => resource.resourceType === 'CareTeam');
    const lead = team?.participant?.find((participant) =>
      participant.role?.some((role) => role.coding?.[0].code === 'lead-professional'),
    );
    expect(lead).toMatchObject({
      member: { display: 'Sam Patel' },
      onBehalfOf: { display: 'Example Community Healthcare' },
    });
    expect(team?.participant?.some((participant) => participant.member?.reference === '#school')).toBe(true);
    // Basic information only: no assessment, consent or case field anywhere in what is sent.
    expect(JSON.stringify(patient)).not.toMatch(/assessment|consent|informationToShare|notes/i);

    const [entry, ...rest] = await auditEntriesAfter(app, start);
    expect(rest).toEqual([]);
    expect(entry).toMatchObject({
      action: 'record.view',
      outcome: 'allowed',
      child_id: childId,
      reason: 'safeguarding-concern',
      actor_role: 'practitioner',
    });
  });

  it('refuses a read without a purpose of use (400, naming _purposeOfUse), and views nothing', async () => {
    const start = await lastAuditSequence(app);
    const { status, outcome } = await refusal(
      (await client('practitioner', {})).read({ resourceType: 'Patient', id: childId }),
    );
    expect(status).toBe(400);
    expect(outcome.issue[0]).toMatchObject({
      severity: 'error',
      code: 'required',
      expression: ['_purposeOfUse'],
    });
    expect((await auditEntriesAfter(app, start)).filter((entry) => entry.action === 'record.view')).toEqual(
      [],
    );
    // The parameter serves as well as the header; an HL7 PurposeOfUse code maps to a reason.
    const viaParameter = await request(app.getHttpServer())
      .get(`/fhir/Patient/${childId}`)
      .query({ _purposeOfUse: 'http://terminology.hl7.org/CodeSystem/v3-ActReason|TREAT' })
      .set('Authorization', await bearerFor(app, 'data-manager'))
      .expect(200);
    expect(viaParameter.headers['content-type']).toMatch(/^application\/fhir\+json/);
    expect((await auditEntriesAfter(app, start)).at(-1)).toMatchObject({
      action: 'record.view',
      reason: 'providing-a-service',
    });
  });

  it('finds the child by NHS number and by family and given name with birthdate, audited as searches', async () => {
    const practitioner = await client('practitioner');
    const start = await lastAuditSequence(app);
    const byNhs = expectValidR4<Bundle>(
      await practitioner.search({
        resourceType: 'Patient',
        searchParams: { identifier: `${NHS}|${input.nhsNumber}` },
      }),
      'Bundle',
    );
    expect(byNhs.type).toBe('searchset');
    expect(byNhs.entry.map((entry) => entry.resource.id)).toEqual([childId]);
    expect(byNhs.entry[0].fullUrl).toBe(`${base}/Patient/${childId}`);
    const summary = byNhs.entry[0].resource as Patient;
    expect(summary).toMatchObject({
      birthDate: '2015-06-17',
      address: [{ postalCode: input.address.postcode }],
    });
    expect(summary.contained).toBeUndefined();

    const byName = expectValidR4<Bundle>(
      await practitioner.search({
        resourceType: 'Patient',
        searchParams: { family: 'Fairwether', given: 'Imogen', birthdate: '2015-06-17' },
      }),
      'Bundle',
    );
    expect(byName.entry.map((entry) => entry.resource.id)).toEqual([childId]);
    const entries = await auditEntriesAfter(app, start);
    expect(entries.map((entry) => [entry.action, entry.reason, entry.disclosed_child_ids])).toEqual([
      ['record.search', 'safeguarding-concern', [childId]],
      ['record.search', 'safeguarding-concern', [childId]],
    ]);
  });

  it('matches with Patient/$match (IHE PDQm): scored, graded, only certain matches when asked', async () => {
    const practitioner = await client('practitioner');
    const parameters = (onlyCertainMatches: boolean, birthDate = '2015-06-17') => ({
      resourceType: 'Parameters',
      parameter: [
        {
          name: 'resource',
          resource: {
            resourceType: 'Patient',
            name: [{ family: 'Fairweather', given: ['Imogen'] }],
            birthDate,
          },
        },
        { name: 'onlyCertainMatches', valueBoolean: onlyCertainMatches },
        { name: 'count', valueInteger: 5 },
      ],
    });
    const matched = expectValidR4<Bundle>(
      await practitioner.operation({ name: '$match', resourceType: 'Patient', input: parameters(false) }),
      'Bundle',
    );
    expect(matched.entry).toHaveLength(1);
    expect(matched.entry[0].search).toEqual({
      mode: 'match',
      score: expect.any(Number),
      extension: [{ url: 'http://hl7.org/fhir/StructureDefinition/match-grade', valueCode: 'certain' }],
    });
    expect(matched.entry[0].search?.score).toBeGreaterThan(0.9);
    // A wrong digit in the date of birth still matches, as probable: onlyCertainMatches leaves it out.
    const loose = expectValidR4<Bundle>(
      await practitioner.operation({
        name: '$match',
        resourceType: 'Patient',
        input: parameters(false, '2015-06-18'),
      }),
      'Bundle',
    );
    expect(loose.entry.map((entry) => [entry.resource.id, entry.search?.extension?.[0].valueCode])).toEqual([
      [childId, 'probable'],
    ]);
    const certain = expectValidR4<Bundle>(
      await practitioner.operation({
        name: '$match',
        resourceType: 'Patient',
        input: parameters(true, '2015-06-18'),
      }),
      'Bundle',
    );
    expect(certain.entry).toEqual([]);
  });

  it('shows a shielded child as the shielded view to anyone but a shielding officer', async () => {
    const seen = expectValidR4<Patient>(
      await (await client('practitioner')).read({ resourceType: 'Patient', id: shieldedId }),
      'Patient',
    );
    expect(Object.keys(seen).sort()).toEqual([
      'birthDate',
      'contained',
      'gender',
      'id',
      'managingOrganization',
      'meta',
      'name',
      'resourceType',
    ]);
    expect(seen.meta?.security).toEqual([
      {
        system: 'http://terminology.hl7.org/CodeSystem/v3-Confidentiality',
        code: 'R',
        display: 'restricted',
      },
    ]);
    expect(seen.contained).toEqual([
      expect.objectContaining({ resourceType: 'Organization', id: 'shielding-team' }),
    ]);
    expect(JSON.stringify(seen)).not.toMatch(/Hidden Lane|W1A|identifier|RelatedPerson|CareTeam/);
    const found = expectValidR4<Bundle>(
      await (
        await client('practitioner')
      ).search({
        resourceType: 'Patient',
        searchParams: { family: 'Quillfeather', given: 'Rowan', birthdate: '2012-02-02' },
      }),
      'Bundle',
    );
    expect(JSON.stringify(found)).not.toMatch(/W1A|identifier/);
    expect(found.entry[0].resource.id).toBe(shieldedId);
    const officer = expectValidR4<Patient>(
      await (await client('shielding-officer')).read({ resourceType: 'Patient', id: shieldedId }),
      'Patient',
    );
    expect(officer.address?.[0].line).toEqual(['5 Hidden Lane']);
    expect(officer.identifier).toContainEqual({ system: NHS, value: shieldedInput.nhsNumber });
  });

  it('answers bad input with a 400 OperationOutcome naming the parameter, never a 500', async () => {
    const practitioner = await client('practitioner');
    const cases: [Record<string, string>, string][] = [
      [{ family: 'Fairweather', given: 'Imogen', colour: 'blue' }, 'colour'],
      [{ 'family:exact': 'Fairweather', birthdate: '2015-06-17' }, 'family:exact'],
      [{ family: 'Fairweather', birthdate: '17/06/2015' }, 'birthdate'],
      [{ family: 'Fairweather', birthdate: 'ge2015-06-17' }, 'birthdate'],
      [{ identifier: `${NHS}|1234567890` }, 'identifier'],
      [{ identifier: 'urn:other|123' }, 'identifier'],
      [{ family: 'Fairweather' }, 'family'],
      [{ family: 'Fairweather', given: 'Imogen', gender: 'girl' }, 'gender'],
      [{ family: 'Fairweather', given: 'Imogen', _count: '0' }, '_count'],
    ];
    for (const [searchParams, parameter] of cases) {
      const { status, outcome } = await refusal(
        practitioner.search({ resourceType: 'Patient', searchParams }),
      );
      expect([parameter, status]).toEqual([parameter, 400]);
      expect(outcome.issue.flatMap((issue) => issue.expression ?? [])).toContain(parameter);
    }
    const badMatch = await refusal(
      practitioner.operation({
        name: '$match',
        resourceType: 'Patient',
        input: {
          resourceType: 'Parameters',
          parameter: [{ name: 'resource', resource: { resourceType: 'Patient', birthDate: 7 } }],
        },
      }),
    );
    expect(badMatch.status).toBe(400);
    expect(badMatch.outcome.issue[0].expression).toEqual(['Parameters.parameter[0].resource.birthDate']);
  });

  it('answers 401, 403, 404 and 429 as OperationOutcomes', async () => {
    const anonymous = new (fhirKit().Client)({ baseUrl: base, customHeaders: PURPOSE });
    expect(await refusal(anonymous.read({ resourceType: 'Patient', id: childId }))).toMatchObject({
      status: 401,
      outcome: { issue: [{ code: 'login' }] },
    });
    const auditor = await client('auditor');
    expect(await refusal(auditor.read({ resourceType: 'Patient', id: childId }))).toMatchObject({
      status: 403,
      outcome: { issue: [{ code: 'forbidden' }] },
    });
    const practitioner = await client('practitioner');
    for (const id of [randomUUID(), 'not-a-record']) {
      expect(await refusal(practitioner.read({ resourceType: 'Patient', id }))).toMatchObject({
        status: 404,
        outcome: { issue: [{ code: 'not-found' }] },
      });
    }
    expect(await refusal(practitioner.read({ resourceType: 'Observation', id: childId }))).toMatchObject({
      status: 404,
    });
    let limited: { status: number } | undefined;
    for (let attempt = 0; attempt < 10 && !limited; attempt++) {
      limited = await practitioner.read({ resourceType: 'Patient', id: childId }).then(
        () => undefined,
        () => refusal(practitioner.read({ resourceType: 'Patient', id: childId })),
      );
    }
    expect(limited).toMatchObject({ status: 429, outcome: { issue: [{ code: 'throttled' }] } });
  });
});
