import { DataSource } from 'typeorm';
import { randomBytes, randomUUID } from 'node:crypto';
import { inflateSync } from 'node:zlib';
import request from 'supertest';
import { PDFDocument } from 'pdf-lib';
import type { INestApplication } from '@nestjs/common';
import type { Role } from '../../apps/node/src/access/roles';
import { SearchRoutingBus } from '../../apps/hub/src/search-routing/search-routing.bus';
import { MESSAGE_TYPES, SEARCH_MESSAGE_TYPES } from '@cp/contract';
import { NodeSearchBus } from '../../apps/node/src/cross-boundary-search/node-search-bus';
import { SearchAnswerer } from '../../apps/node/src/cross-boundary-search/search-answerer.service';
import { FederationCertificateStore } from '../../apps/node/src/federation/certificate-store';
import { sealAndSign, signingIdentity } from '../../apps/node/src/federation/sealed-envelopes';
import type { AccessHistory } from '../../apps/node/src/access-history/access-history.service';
import type { SubjectAccessExport } from '../../apps/node/src/access-history/subject-access-export.service';
import { bearerFor } from '../support/auth';
import { childRecordInput, createChildThroughApi, validNhsNumber, validUpn } from '../support/child-records';
import { startHub, type HubUnderTest } from '../federation/federation-stack';
import {
  indexedAtHub,
  startFederatedNode,
  stopFederatedNodes,
  type RunningNode,
} from '../federation/federated-node';

/**
 * Who has looked at a child, and the subject access export, over the real federation: a practitioner at
 * LA A (Asha Okafor, Westminster) finds a child held at LA B (Bolton) by cross-boundary search; a Bolton
 * practitioner views and searches for the child. Bolton's auditor sees every access, Asha named by what
 * travelled in her signed query; the export holds every audit entry about the child and is audited itself.
 */
jest.setTimeout(180_000);

const TOKEN_KEY = randomBytes(32).toString('base64');
const LA_A = 'E09000033';
const LA_B = 'E08000001';

let hub: HubUnderTest;
const nodes: Record<string, RunningNode> = {};
let childId: string;
let asha: string;
let bea: string;
const REASON = 'safeguarding-concern';

/** A user made through the administrators' API (so with a display name in app_user); returns their id. */
async function createUser(app: INestApplication, displayName: string, role: Role): Promise<string> {
  const created = await request(app.getHttpServer())
    .post('/api/v1/users')
    .set('authorization', await bearerFor(app, 'node-administrator'))
    .send({
      username: displayName.toLowerCase().replace(/\s+/g, '.'),
      displayName,
      familyName: displayName.split(' ')[1],
      role,
    })
    .expect(201);
  return created.body.id as string;
}

async function auditor(app: INestApplication): Promise<string> {
  return bearerFor(app, 'auditor');
}

/** The text drawn on a PDF's pages: pdf-lib writes standard-font text as hex strings in deflated streams. */
function drawnText(pdf: Buffer): string {
  const raw = pdf.toString('latin1');
  let text = '';
  for (const match of raw.matchAll(/stream\r?\n([\s\S]*?)endstream/g)) {
    let content: string;
    try {
      content = inflateSync(Buffer.from(match[1], 'latin1')).toString('latin1');
    } catch {
      continue;
    }
    for (const hex of content.matchAll(/<([0-9A-Fa-f]+)>\s*Tj/g))
      text += `${Buffer.from(hex[1], 'hex').toString('latin1')}\n`;
  }
  return text;
}

/** The sequences of every audit entry at the node about the child, read straight from the table. */
async function entriesAboutChild(data: DataSource, id: string): Promise<number[]> {
  const rows = await data.query<{ sequence: string }[]>(
    `SELECT sequence FROM audit_entry WHERE child_id = $1 OR $1 = ANY(disclosed_child_ids) ORDER BY sequence`,
    [id],
  );
  return rows.map((row) => Number(row.sequence));
}

beforeAll(async () => {
  hub = await startHub({ jetStream: true });
  await hub.app.get(SearchRoutingBus).ready();
  for (const [laCode, laName] of [
    [LA_A, 'Westminster'],
    [LA_B, 'Bolton'],
  ])
    nodes[laCode] = await startFederatedNode(hub, {
      laCode,
      laName,
      label: 'sar',
      tokenKey: TOKEN_KEY,
      ready: NodeSearchBus,
    });
  const b = nodes[LA_B];
  childId = await createChildThroughApi(
    b.app,
    childRecordInput({
      givenName: 'Perpetua',
      familyName: 'Lindqvist-Oduya',
      otherNames: [],
      dateOfBirth: '2013-05-17',
      nhsNumber: validNhsNumber(611),
      upn: validUpn(611),
      address: { line1: '9 Mill Street', town: 'Bolton', postcode: 'BL1 1AA' },
    }),
  );
  await indexedAtHub(hub, b, childId);
  asha = await createUser(nodes[LA_A].app, 'Asha Okafor', 'practitioner');
  bea = await createUser(b.app, 'Bea Marsh', 'practitioner');

  // Bolton's own practitioner searches and views the record.
  const beaBearer = await bearerFor(b.app, 'practitioner', bea);
  await request(b.app.getHttpServer())
    .get('/api/v1/search')
    .query({ familyName: 'Lindqvist-Oduya', dateOfBirth: '2013-05-17', reason: REASON })
    .set('authorization', beaBearer)
    .expect(200);
  await request(b.app.getHttpServer())
    .get(`/api/v1/children/${childId}`)
    .query({ reason: REASON })
    .set('authorization', beaBearer)
    .expect(200);
  // Westminster's practitioner finds the child across the boundary.
  const found = await request(nodes[LA_A].app.getHttpServer())
    .post('/api/v1/federation/search')
    .set('authorization', await bearerFor(nodes[LA_A].app, 'practitioner', asha))
    .send({ givenName: 'Perpetua', familyName: 'Lindqvist-Oduya', dateOfBirth: '2013-05-17', reason: REASON })
    .expect(200);
  expect((found.body as { results: { id: string }[] }).results.map((r) => r.id)).toContain(childId);
});

afterAll(async () => {
  await stopFederatedNodes(Object.values(nodes));
  await hub?.stop();
});

describe('who has looked at this child', () => {
  it("names this LA's users and other LAs' users, with organisation, LA, reason and time", async () => {
    const b = nodes[LA_B];
    const response = await request(b.app.getHttpServer())
      .get(`/api/v1/access-history/children/${childId}`)
      .set('authorization', await auditor(b.app))
      .expect(200);
    const history = response.body as AccessHistory;
    expect(history.entries.map((entry) => entry.sequence)).toEqual(await entriesAboutChild(b.data, childId));
    const view = history.entries.find((entry) => entry.kind === 'view');
    expect(view).toMatchObject({
      reason: REASON,
      user: { id: bea, name: 'Bea Marsh', organisation: 'Bolton', laCode: LA_B, ofThisLa: true },
    });
    expect(history.entries.find((entry) => entry.kind === 'search-disclosure')?.user.name).toBe('Bea Marsh');
    const across = history.entries.find((entry) => entry.kind === 'cross-boundary-disclosure');
    expect(across).toMatchObject({
      reason: REASON,
      user: { id: asha, name: 'Asha Okafor', organisation: 'Westminster', laCode: LA_A, ofThisLa: false },
    });
    expect(Date.parse(across?.occurredAt ?? '')).not.toBeNaN();
    expect(history.entries.find((entry) => entry.action === 'record.create')?.kind).toBe('record-change');
  });

  it('is for auditors only, and refuses a child id that is not one', async () => {
    const b = nodes[LA_B];
    await request(b.app.getHttpServer())
      .get(`/api/v1/access-history/children/${childId}`)
      .set('authorization', await bearerFor(b.app, 'practitioner', bea))
      .expect(403);
    const bad = await request(b.app.getHttpServer())
      .get('/api/v1/access-history/children/not-a-child/subject-access.json')
      .set('authorization', await auditor(b.app))
      .expect(400);
    expect(JSON.stringify(bad.body)).toContain('id');
  });
});

describe("the requesting user's name in the signed query", () => {
  it('is parsed at the answering node: a query naming its user with anything but text is refused, unread', async () => {
    const store = (laCode: string) => new FederationCertificateStore(nodes[laCode].dir).load(laCode);
    const asker = store(LA_A);
    const me = store(LA_B);
    const correlationId = randomUUID();
    const query = {
      v: 1,
      minor: 1,
      fromLa: LA_A,
      toLa: LA_B,
      correlationId,
      requestingUserId: asha,
      requestingRole: 'practitioner',
      requestingUser: { name: { first: 'Asha' }, organisation: 'Westminster' },
      reason: REASON,
      criteria: { givenName: 'Perpetua', familyName: 'Lindqvist-Oduya', dateOfBirth: '2013-05-17' },
    };
    const answer = async (body: typeof query | Record<string, unknown>) => {
      const envelope = sealAndSign(
        body,
        { laCode: LA_B, certificatePem: me.certificatePem, fingerprint: me.certificate.fingerprint },
        signingIdentity(asker),
        SEARCH_MESSAGE_TYPES.query,
      );
      const relayed = Buffer.from(JSON.stringify({ senderCertificatePem: asker.certificatePem, envelope }));
      return JSON.parse(await nodes[LA_B].app.get(SearchAnswerer).answer(relayed, me)) as {
        type: string;
        body: { reason?: string };
      };
    };
    const entriesUnder = (id: string) =>
      nodes[LA_B].data.query<{ detail: Record<string, unknown> }[]>(
        'SELECT detail FROM audit_entry WHERE correlation_id = $1',
        [id],
      );
    const refused = await answer(query);
    expect(refused.type).toBe(MESSAGE_TYPES.refusal);
    expect(refused.body.reason).toBe('malformed');
    expect(await entriesUnder(correlationId)).toEqual([]);
    // The same query naming its user with text is answered, and the name kept in the audit entry.
    const named = randomUUID();
    const answered = await answer({
      ...query,
      correlationId: named,
      requestingUser: { name: ' Asha Okafor ', organisation: 'Westminster' },
    });
    expect(answered.type).toBe(SEARCH_MESSAGE_TYPES.answer);
    expect((await entriesUnder(named))[0].detail).toMatchObject({
      requesterName: 'Asha Okafor',
      requesterOrganisation: 'Westminster',
    });
  });
});

describe('subject access export', () => {
  it('holds every access to the child and the record, and is itself audited', async () => {
    const b = nodes[LA_B];
    const before = await entriesAboutChild(b.data, childId);
    const response = await request(b.app.getHttpServer())
      .get(`/api/v1/access-history/children/${childId}/subject-access.json`)
      .set('authorization', await auditor(b.app))
      .expect(200)
      .expect('content-type', /application\/json/)
      .expect('content-disposition', /attachment/);
    const data = response.body as SubjectAccessExport;
    expect(data.accessHistory.entries.map((entry) => entry.sequence)).toEqual(before);
    expect(data.accessHistory.truncated).toBe(false);
    expect(data.record).toMatchObject({ id: childId, child: { givenName: 'Perpetua' } });
    const [entry] = await b.data.query<
      { action: string; child_id: string; actor_role: string; detail: object }[]
    >('SELECT action, child_id, actor_role, detail FROM audit_entry WHERE sequence = $1', [
      data.export.auditSequence,
    ]);
    expect(entry).toMatchObject({
      action: 'subject-access.export',
      child_id: childId,
      actor_role: 'auditor',
      detail: { format: 'json', accessEntries: before.length },
    });
    // The export is now part of the child's access history.
    expect(await entriesAboutChild(b.data, childId)).toEqual([...before, data.export.auditSequence]);
  });

  it('as PDF: every access listed, the export audited', async () => {
    const b = nodes[LA_B];
    const before = await entriesAboutChild(b.data, childId);
    const response = await request(b.app.getHttpServer())
      .get(`/api/v1/access-history/children/${childId}/subject-access.pdf`)
      .set('authorization', await auditor(b.app))
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200)
      .expect('content-type', 'application/pdf');
    const bytes = response.body as Buffer;
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const pdf = await PDFDocument.load(bytes);
    expect(pdf.getSubject()).toContain(childId);
    expect(pdf.getPageCount()).toBeGreaterThanOrEqual(1);
    const text = drawnText(bytes);
    for (const sequence of before) expect(text).toMatch(new RegExp(`^#${sequence} `, 'm'));
    expect(text).toContain('Asha Okafor');
    expect(text).toContain('Perpetua');
    const [last] = await b.data.query<
      { sequence: string; detail: { format: string; accessEntries: number } }[]
    >(
      `SELECT sequence, detail FROM audit_entry WHERE action = 'subject-access.export' ORDER BY sequence DESC LIMIT 1`,
    );
    expect(last.detail).toEqual(expect.objectContaining({ format: 'pdf', accessEntries: before.length }));
    expect(await entriesAboutChild(b.data, childId)).toEqual([...before, Number(last.sequence)]);
  });
});

describe('misuse review of the cross-boundary search', () => {
  it('flags "search without follow-up" at neither LA', async () => {
    const from = new Date(Date.now() - 3600_000).toISOString();
    const to = new Date(Date.now() + 60_000).toISOString();
    for (const node of Object.values(nodes)) {
      const report = await request(node.app.getHttpServer())
        .get('/api/v1/misuse/report')
        .query({ from, to })
        .set('authorization', await auditor(node.app))
        .expect(200);
      const flags = (report.body as { flags: { rule: string; userId: string }[] }).flags;
      expect(
        flags.filter((flag) => flag.rule === 'search-without-follow-up' && flag.userId === asha),
      ).toEqual([]);
    }
  });
});
