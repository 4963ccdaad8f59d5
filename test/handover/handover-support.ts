import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import request from 'supertest';
import type { CreateChildRecordInput } from '@cp/record-model';
import { bearerFor } from '../support/auth';
import { childRecordInput, validNhsNumber, validUpn } from '../support/child-records';

export { eventually } from '../support/eventually';

/** A child with everything that must travel: carers, school, GP, address history, two involvements, a lead, indicators. */
export function movingChild(
  seed: number,
  overrides: Partial<CreateChildRecordInput> = {},
): CreateChildRecordInput {
  return childRecordInput({
    givenName: `Rosalind${String.fromCharCode(97 + (seed % 26))}`,
    familyName: `Movewell-${seed}`,
    otherNames: ['Rosie'],
    dateOfBirth: '2015-05-17',
    nhsNumber: validNhsNumber(7000 + seed),
    upn: validUpn(7000 + seed),
    address: { line1: `${seed} Old Road`, town: 'London', postcode: 'SW1A 2AA' },
    involvements: [
      {
        practitionerName: 'Sam Patel',
        role: 'Health visitor',
        organisation: 'Example Community Healthcare',
        serviceType: 'health-visiting',
        contact: { telephone: '020 7946 0004', email: 'sam.patel@example.nhs.uk' },
        startDate: '2024-01-10',
        isLeadProfessional: true,
        hasInformationToShare: true,
        assessment: { type: 'early-help-assessment', date: '2024-02-01' },
      },
      {
        practitionerName: 'Dana Okafor',
        role: 'School nurse',
        organisation: 'Example School Nursing',
        serviceType: 'school-nursing',
        contact: { telephone: '020 7946 0005' },
        startDate: '2023-09-01',
        endDate: '2024-07-20',
      },
    ],
    ...overrides,
  });
}

export { createChildThroughApi as createChild } from '../support/child-records';

/** The record as `role` sees it at that node. */
export async function viewAs(
  app: NestFastifyApplication,
  childId: string,
  role: 'practitioner' | 'data-manager' | 'shielding-officer' = 'data-manager',
) {
  const response = await request(app.getHttpServer())
    .get(`/api/v1/children/${childId}`)
    .query({ reason: 'providing-a-service' })
    .set('authorization', await bearerFor(app, role));
  return { status: response.status, body: response.body as Record<string, unknown> };
}

/** What must be equal at A before and at B after: the view without the holder's own markers. */
export function comparable(view: Record<string, unknown>): Record<string, unknown> {
  const { version: _v, laCode: _l, createdAt: _c, updatedAt: _u, movedOut: _m, ...rest } = view;
  const strip = (involvement: Record<string, unknown> | null) => {
    if (!involvement) return involvement;
    const { fromLa: _f, ...kept } = involvement;
    return kept;
  };
  return {
    ...rest,
    involvements: (rest.involvements as Record<string, unknown>[]).map(strip),
    leadProfessional: strip(rest.leadProfessional as Record<string, unknown> | null),
  };
}

export async function handoverCall(
  app: NestFastifyApplication,
  method: 'post' | 'get',
  path: string,
  body?: object,
  correlationId?: string,
) {
  const call = request(app.getHttpServer())
    [method](`/api/v1/handovers${path}`)
    .set('authorization', await bearerFor(app, 'data-manager'));
  if (correlationId) void call.set('x-correlation-id', correlationId);
  return body ? call.send(body) : call;
}

/** This node's handover row for a child, newest first. */
export async function localHandover(app: NestFastifyApplication, childId: string) {
  const [row] = await app
    .get(DataSource)
    .query<{ id: string; state: string; end_reason: string | null; role: string }[]>(
      `SELECT id, state, end_reason, role FROM handover WHERE child_id = $1 ORDER BY created_at DESC LIMIT 1`,
      [childId],
    );
  return row;
}
