import type { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import request from 'supertest';
import { nhsCheckDigit, upnCheckLetter } from '@cp/identifiers';
import type { CreateChildRecordInput } from '@cp/record-model';
import { bearerFor } from './auth';

/** A valid NHS number derived from a seed (skipping the nine-digit prefixes that have no check digit). */
export function validNhsNumber(seed: number): string {
  // Seeds are spread 11 apart: a skipped prefix never makes two seeds give one number.
  for (let n = seed * 11; ; n++) {
    const firstNine = String(400_000_000 + (n % 500_000_000)).padStart(9, '0');
    const check = nhsCheckDigit(firstNine);
    if (check !== null) return `${firstNine}${check}`;
  }
}

/** A valid UPN (Westminster's DfE number 213) derived from a seed. */
export function validUpn(seed: number): string {
  const body = `213${String(2000 + (seed % 7000)).padStart(4, '0')}15${String(seed % 1000).padStart(3, '0')}`;
  return `${upnCheckLetter(body)}${body}`;
}

/** A complete, valid record; override what a test needs. */
export function childRecordInput(overrides: Partial<CreateChildRecordInput> = {}): CreateChildRecordInput {
  return {
    givenName: 'Amelia',
    familyName: 'Thornbury',
    otherNames: ['Millie'],
    dateOfBirth: '2014-03-09',
    gender: 'female',
    address: { line1: '12 Ashdown Road', town: 'London', postcode: 'SW1A 2AA' },
    carers: [
      {
        name: 'Jane Thornbury',
        relationship: 'mother',
        hasParentalResponsibility: true,
        contact: { telephone: '020 7946 0001', email: 'jane.thornbury@example.org' },
      },
    ],
    educationalSetting: {
      name: 'St Example Primary School',
      urn: '100001',
      contact: { telephone: '020 7946 0002' },
    },
    gpPractice: {
      name: 'Example Medical Centre',
      odsCode: 'A81001',
      contact: { telephone: '020 7946 0003' },
    },
    involvements: [
      {
        practitionerName: 'Sam Patel',
        role: 'Health visitor',
        organisation: 'Example Community Healthcare',
        serviceType: 'health-visiting',
        contact: { telephone: '020 7946 0004', email: 'sam.patel@example.nhs.uk' },
        startDate: '2024-01-10',
        isLeadProfessional: true,
      },
    ],
    ...overrides,
  };
}

/** Creates a record through the node's API as a data manager; returns its id. */
export async function createChildThroughApi(
  app: INestApplication,
  input: CreateChildRecordInput,
): Promise<string> {
  const response = await request(app.getHttpServer())
    .post('/api/v1/children')
    .set('authorization', await bearerFor(app, 'data-manager'))
    .send(input)
    .expect(201);
  return (response.body as { id: string }).id;
}

/** Rows in each table of the record, to prove nothing was partly written. */
export async function recordRowCounts(app: INestApplication): Promise<Record<string, number>> {
  const dataSource = app.get(DataSource);
  const counts: Record<string, number> = {};
  for (const table of [
    'child',
    'child_previous_address',
    'carer',
    'educational_setting',
    'gp_practice',
    'involvement',
    'child_search_key',
    'audit_entry',
  ]) {
    const [row] = await dataSource.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM ${table}`);
    counts[table] = row.n;
  }
  return counts;
}

export interface AuditRow {
  action: string;
  outcome: string;
  reason: string | null;
  child_id: string | null;
  actor_id: string;
  actor_role: string;
  disclosed_child_ids: string[];
  detail: Record<string, unknown>;
}

/** Audit entries after a given sequence number, in order. */
export async function auditEntriesAfter(app: INestApplication, sequence: number): Promise<AuditRow[]> {
  return app.get(DataSource).query(
    `SELECT action, outcome, reason, child_id, actor_id, actor_role, disclosed_child_ids, detail
       FROM audit_entry WHERE sequence > $1 ORDER BY sequence`,
    [sequence],
  );
}

export async function lastAuditSequence(app: INestApplication): Promise<number> {
  const [row] = await app
    .get(DataSource)
    .query<{ n: number }[]>(`SELECT coalesce(max(sequence), 0)::int AS n FROM audit_entry`);
  return row.n;
}
