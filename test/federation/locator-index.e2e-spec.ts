import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { mkdtempSync, rmSync } from 'node:fs';
import { randomBytes, randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, type NatsConnection } from 'nats';
import request from 'supertest';
import {
  INDEX_CONSUMER,
  INDEX_MESSAGE_TYPES,
  indexEventSubject,
  indexStreamOf,
  type IndexEventBody,
} from '@cp/contract';
import { locatorMaterial, locatorTokens, type LocatorToken } from '@cp/locator';
import type { PersonFields } from '@cp/matching';
import { HUB_SENDER, signEnvelope } from '@cp/pki';
import { HubIndexBus } from '../../apps/hub/src/locator-index/hub-index-bus';
import { IndexApplyService } from '../../apps/hub/src/locator-index/index-apply.service';
import type { IndexEvent } from '../../apps/hub/src/locator-index/index-event';
import { LocatorIndexService } from '../../apps/hub/src/locator-index/locator-index.service';
import { SYSTEM_ACTOR } from '../../apps/node/src/access/roles';
import { FederationCertificateStore } from '../../apps/node/src/federation/certificate-store';
import { signingIdentityOf } from '../../apps/node/src/index-outbox/index-bus-credentials';
import { IndexEvents } from '../../apps/node/src/record-store/index-events';
import { NodeIndexBus } from '../../apps/node/src/index-outbox/node-index-bus';
import { accessContext, WRITE_REASON, newCorrelationId } from '../../apps/node/src/access/access-context';
import { RecordsService } from '../../apps/node/src/records/records.service';
import { ShieldingService } from '../../apps/node/src/shielding/shielding.service';
import { childRecordInput, validNhsNumber } from '../support/child-records';
import { bearerFor } from '../support/auth';
import { eventually } from '../support/eventually';
import { dateOfBirthForms, findPlaintextInDatabase, postcodeForms } from '../support/database-plaintext';
import { startNodeApp } from '../support/node-app';
import { createTestDatabase } from '../support/test-database';
import { hubRequest, issueOperator, type ClientIdentity } from '../support/operator-https';
import { enrol, hubBusOptions, laBusOptions, startHub, type HubUnderTest } from './federation-stack';

/**
 * The locator index kept current over the real path: node record change -> outbox (same transaction) ->
 * signed event on JetStream over mutual-TLS NATS -> hub consumer -> token-only index in the hub's PostgreSQL.
 */
jest.setTimeout(120_000);

const LA = 'E09000033';
const TOKEN_KEY = randomBytes(32);
const INDEX_STREAM = indexStreamOf(LA);

let hub: HubUnderTest;
let node: NestFastifyApplication;
let nodeDatabase: { url: string; drop: () => Promise<void> };
let nodeDir: string;
let hubData: DataSource;
let nodeData: DataSource;
let outbox: IndexEvents;
let hubBus: NatsConnection;
const nodeBuses: NatsConnection[] = [];
let operator: ClientIdentity;

/** The hub's operator routes over HTTPS, with the operator's client certificate unless told otherwise. */
function asOperator(path: string, method = 'GET', identity: ClientIdentity = operator) {
  return hubRequest(`${hub.url}${path}`, { caCertificatePem: hub.caCertificatePem, identity, method });
}

const amelia: PersonFields = {
  givenName: 'Ameliora',
  familyName: 'Thornbury-Wexley',
  dateOfBirth: '2014-03-09',
  gender: 'female',
  postcode: 'SW1A 2AA',
  nhsNumber: '9434765919',
};

function tokensOf(person: PersonFields): LocatorToken[] {
  return locatorTokens(locatorMaterial(person), TOKEN_KEY);
}

async function enqueue(
  childId: string,
  version: number,
  person: PersonFields,
  operation: 'upsert' | 'delete' = 'upsert',
  shielded = false,
) {
  await nodeData.transaction((manager) =>
    outbox.enqueue(manager, { childId, version, operation, shielded, person }),
  );
}

async function hubEntry(childId: string) {
  const [entry] = await hubData.query<
    { version: number; shielded: boolean; deleted: boolean; updated_at: Date }[]
  >(`SELECT version, shielded, deleted, updated_at FROM locator_entry WHERE child_id = $1 AND la_code = $2`, [
    childId,
    LA,
  ]);
  return entry;
}

async function hubTokens(childId: string): Promise<string[]> {
  const rows = await hubData.query<{ token: string }[]>(
    `SELECT token::text FROM locator_token WHERE child_id = $1 AND la_code = $2 ORDER BY token`,
    [childId, LA],
  );
  return rows.map((row) => row.token);
}

const sorted = (tokens: LocatorToken[]) => tokens.map((token) => token.value).sort();

async function laState() {
  const [state] = await hubData.query<
    {
      last_sequence: string;
      events_applied: string;
      gaps: number;
      resync_needed_since: Date | null;
      last_snapshot_completed_at: Date | null;
    }[]
  >(`SELECT * FROM locator_la_state WHERE la_code = $1`, [LA]);
  return state;
}

/** Until the hub's consumer has taken and acknowledged everything in the stream. */
async function hubCaughtUp(): Promise<void> {
  const jsm = await hubBus.jetstreamManager();
  await eventually(
    async () => {
      const info = await jsm.consumers.info(INDEX_STREAM, INDEX_CONSUMER);
      return info.num_pending === 0 && info.num_ack_pending === 0;
    },
    'the hub consumer to catch up',
    20_000,
  );
}

async function nodeBacklogEmpty(): Promise<void> {
  await eventually(
    async () => {
      const [row] = await nodeData.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM index_outbox WHERE published_at IS NULL`,
      );
      return row.n === 0;
    },
    'the node outbox to be published',
    20_000,
  );
}

beforeAll(async () => {
  hub = await startHub({ jetStream: true });
  hubData = hub.app.get(DataSource);
  operator = (await issueOperator(hub, 'index-operator')).identity;
  nodeDir = mkdtempSync(join(tmpdir(), 'cp-node-index-'));
  await enrol(hub, LA, nodeDir);
  nodeDatabase = await createTestDatabase('cp_node_index');
  node = await startNodeApp({
    DATABASE_URL: nodeDatabase.url,
    NODE_LA_CODE: LA,
    FEDERATION_DIR: nodeDir,
    NATS_URL: hub.nats.url,
    FEDERATION_TOKEN_KEY: TOKEN_KEY.toString('base64'),
  });
  nodeData = node.get(DataSource);
  outbox = node.get(IndexEvents);
  hubBus = await connect(hubBusOptions(hub, 'test-hub-observer'));
});

afterAll(async () => {
  await hubBus?.drain();
  for (const bus of nodeBuses) await bus.drain().catch(() => undefined);
  await node?.close();
  await hub?.stop();
  await nodeDatabase?.drop();
  rmSync(nodeDir, { recursive: true, force: true });
});

describe('locator index feed', () => {
  const ameliaId = randomUUID();

  it('a change written at the node reaches the hub as its tokens, and a lookup with a typo finds it', async () => {
    await enqueue(ameliaId, 1, amelia);
    const entry = await eventually(() => hubEntry(ameliaId), 'the entry at the hub', 20_000);
    expect(entry).toMatchObject({ version: 1, shielded: false, deleted: false });
    expect(await hubTokens(ameliaId)).toEqual(sorted(tokensOf(amelia)));

    const query = tokensOf({
      givenName: 'Amelora',
      familyName: 'Thornbury-Wexly',
      dateOfBirth: '2014-09-03',
    });
    const found = await hub.app.get(LocatorIndexService).lookup(query, { limit: 10 });
    expect(found).toEqual([
      expect.objectContaining({ laCode: LA, childId: ameliaId, identifierMatch: false }),
    ]);
    expect(found[0].matchedTokens).toBeGreaterThanOrEqual(2);
    expect(await hub.app.get(LocatorIndexService).lookup(query, { limit: 10, excludeLa: LA })).toEqual([]);
    const byNhs = await hub.app
      .get(LocatorIndexService)
      .candidateLas(tokensOf({ nhsNumber: '943 476 5919' }), { limit: 10 });
    expect(byNhs).toEqual([{ laCode: LA, entries: 1, identifierMatch: true }]);
  });

  it('the same event delivered twice changes nothing (JetStream dedupe and the hub sequence check)', async () => {
    await hubCaughtUp();
    const before = await laState();
    const entryBefore = await hubEntry(ameliaId);
    // The node's own connection sends event 1 again, signed as the node: first twice under one
    // Nats-Msg-Id (JetStream drops the second), then without one (the hub's sequence check ignores it).
    const credentials = new FederationCertificateStore(nodeDir).load(LA);
    const bus = await connectAsNode('test-node-republisher');
    const body: IndexEventBody = {
      sequence: '1',
      operation: 'upsert',
      childId: ameliaId,
      version: 1,
      shielded: false,
      tokens: tokensOf(amelia).map((token) => ({ kind: token.kind, value: token.value })),
      createdAt: new Date().toISOString(),
      snapshot: null,
    };
    const again = () =>
      JSON.stringify(
        signEnvelope(signingIdentityOf(credentials), {
          recipient: HUB_SENDER,
          type: INDEX_MESSAGE_TYPES.event,
          body,
        }),
      );
    const js = bus.jetstream();
    const messageId = `${LA}:replayed-${randomUUID()}`;
    expect((await js.publish(indexEventSubject(LA), again(), { msgID: messageId })).duplicate).toBe(false);
    expect((await js.publish(indexEventSubject(LA), again(), { msgID: messageId })).duplicate).toBe(true);
    expect((await js.publish(indexEventSubject(LA), again())).duplicate).toBe(false);
    await hubCaughtUp();
    const after = await laState();
    expect(after.last_sequence).toBe(before.last_sequence);
    expect(after.gaps).toBe(before.gaps);
    expect(await hubEntry(ameliaId)).toEqual(entryBefore);
  });

  it('an older version arriving after a newer one is ignored', async () => {
    const renamed = { ...amelia, familyName: 'Ashcombe-Wexley' };
    await enqueue(ameliaId, 3, renamed);
    await enqueue(ameliaId, 2, amelia);
    await nodeBacklogEmpty();
    await hubCaughtUp();
    expect(await hubEntry(ameliaId)).toMatchObject({ version: 3 });
    expect(await hubTokens(ameliaId)).toEqual(sorted(tokensOf(renamed)));
    expect((await laState()).gaps).toBe(0);
  });

  it('a delete removes the entry and its tokens; an older upsert cannot bring it back', async () => {
    const gone = randomUUID();
    await enqueue(gone, 1, { givenName: 'Peregrine', familyName: 'Oddlestone', dateOfBirth: '2016-01-02' });
    await enqueue(
      gone,
      2,
      { givenName: 'Peregrine', familyName: 'Oddlestone', dateOfBirth: '2016-01-02' },
      'delete',
    );
    await enqueue(gone, 1, { givenName: 'Peregrine', familyName: 'Oddlestone', dateOfBirth: '2016-01-02' });
    await nodeBacklogEmpty();
    await hubCaughtUp();
    expect(await hubEntry(gone)).toMatchObject({ deleted: true, version: 2 });
    expect(await hubTokens(gone)).toEqual([]);
  });

  it('a missed event is noticed as a gap and repaired by a resync; entries the node no longer holds go', async () => {
    // The hub stops consuming; three changes are made; one is lost on its way (as if JetStream had
    // acknowledged it and then lost it in a crash: the node counts it published, the stream never has it).
    await hub.app.get(HubIndexBus).detach();
    const nodeIndexBus = node.get(NodeIndexBus);
    await nodeIndexBus.detach();
    const [b, c] = [randomUUID(), randomUUID()];
    const bPerson = { givenName: 'Oswin', familyName: 'Marchbanks', dateOfBirth: '2012-05-06' };
    const cPerson = { givenName: 'Tamsin', familyName: 'Fairweather', dateOfBirth: '2013-07-08' };
    await enqueue(b, 1, bPerson);
    await enqueue(c, 1, cPerson);
    await enqueue(ameliaId, 4, amelia);
    await nodeData.query(`UPDATE index_outbox SET published_at = now() WHERE child_id = $1`, [c]);
    const credentials = new FederationCertificateStore(nodeDir).load(LA);
    await nodeIndexBus.attach(await connectAsNode('test-node-after-loss'), credentials);
    await nodeBacklogEmpty();
    // An entry the hub holds for this LA that the node does not: a snapshot must drop it.
    const stray = randomUUID();
    await hubData.query(
      `INSERT INTO locator_entry (child_id, la_code, version, shielded, updated_at) VALUES ($1, $2, 1, false, now())`,
      [stray, LA],
    );
    // The node's child table is the snapshot's source: put the three children there as the records module would.
    await insertChildRow(nodeData, ameliaId, 4, amelia);
    await insertChildRow(nodeData, b, 1, bPerson);
    await insertChildRow(nodeData, c, 1, cPerson);

    await hub.app.get(HubIndexBus).attach(hubBus);
    const repaired = await eventually(
      async () => {
        const state = await laState();
        return state.last_snapshot_completed_at !== null && state.resync_needed_since === null
          ? state
          : undefined;
      },
      'the resync to complete',
      20_000,
    );
    expect(repaired.gaps).toBeGreaterThanOrEqual(1);
    // One gap, one request: the events of the snapshot in flight do not ask again.
    const requests = await hubData.query<{ body: { reason: string; lastAppliedSequence: string } }[]>(
      `SELECT envelope->'body' AS body FROM federation_message WHERE type = 'index-resync-request'`,
    );
    expect(requests).toEqual([
      { body: { reason: 'gap', lastAppliedSequence: expect.stringMatching(/^\d+$/) } },
    ]);
    expect(await hubEntry(c)).toMatchObject({ version: 1, deleted: false });
    expect(await hubTokens(c)).toEqual(sorted(tokensOf(cPerson)));
    expect(await hubEntry(ameliaId)).toMatchObject({ version: 4 });
    expect(await hubEntry(stray)).toBeUndefined();
    const [count] = await hubData.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM locator_entry WHERE la_code = $1 AND NOT deleted`,
      [LA],
    );
    expect(count.n).toBe(3);
  });

  it('shows backlog and lag to node administrators and hub operators', async () => {
    const admin = await bearerFor(node, 'node-administrator');
    const nodeStatus = await request(node.getHttpServer())
      .get('/api/v1/federation/index/status')
      .set('Authorization', admin);
    expect(nodeStatus.status).toBe(200);
    expect(nodeStatus.body).toMatchObject({ indexing: true, connected: true, backlog: 0, withoutTokens: 0 });
    expect(Number(nodeStatus.body.lastPublishedSequence)).toBeGreaterThan(5);
    const practitioner = await bearerFor(node, 'practitioner');
    expect(
      (
        await request(node.getHttpServer())
          .get('/api/v1/federation/index/status')
          .set('Authorization', practitioner)
      ).status,
    ).toBe(403);

    const hubStatus = await asOperator('/api/v1/federation/index/status');
    expect(hubStatus.status).toBe(200);
    const body = hubStatus.json<{
      connected: boolean;
      las: { laCode: string; entries: number; lastLagMs: number }[];
    }>();
    expect(body.connected).toBe(true);
    expect(body.las).toEqual([expect.objectContaining({ laCode: LA, entries: 3 })]);
    expect(body.las[0].lastLagMs).toBeGreaterThanOrEqual(0);
    const refused = await asOperator('/api/v1/federation/index/resync/not-an-la', 'POST');
    expect(refused.status).toBe(400);
  });

  it("refuses the hub's index routes without an operator certificate, and to an LA's certificate", async () => {
    const anonymous = await asOperator('/api/v1/federation/index/status', 'GET', {});
    expect(anonymous.status).toBe(401);
    expect(anonymous.json()).toMatchObject({ message: expect.stringMatching(/operator client certificate/) });
    const injected = await hub.app.inject({ method: 'GET', url: '/api/v1/federation/index/status' });
    expect(injected.statusCode).toBe(401);
    const la = new FederationCertificateStore(nodeDir).load(LA);
    const asLa = { cert: la.certificatePem, key: la.privateKeyPem };
    expect((await asOperator('/api/v1/federation/index/status', 'GET', asLa)).status).toBe(403);
    expect((await asOperator(`/api/v1/federation/index/resync/${LA}`, 'POST', asLa)).status).toBe(403);
    expect((await asOperator(`/api/v1/federation/index/resync/${LA}`, 'POST', {})).status).toBe(401);
  });

  it('while the node is cut off from the bus its changes wait, counted and aged, and none is lost', async () => {
    const bus = node.get(NodeIndexBus);
    await bus.detach();
    const d = randomUUID();
    const dPerson = { givenName: 'Evander', familyName: 'Pilkingworth', dateOfBirth: '2011-02-03' };
    await enqueue(d, 1, dPerson);
    await insertChildRow(nodeData, d, 1, dPerson);
    await new Promise((resolve) => setTimeout(resolve, 400));
    const admin = await bearerFor(node, 'node-administrator');
    const waiting = await request(node.getHttpServer())
      .get('/api/v1/federation/index/status')
      .set('Authorization', admin);
    expect(waiting.body).toMatchObject({ connected: false, backlog: 1 });
    expect(waiting.body.oldestUnpublishedAgeSeconds).toBeGreaterThanOrEqual(0.3);
    expect(await hubEntry(d)).toBeUndefined();

    const credentials = new FederationCertificateStore(nodeDir).load(LA);
    await bus.attach(await connectAsNode('test-node-reconnected'), credentials);
    await eventually(() => hubEntry(d), 'the waiting change at the hub', 20_000);
    await nodeBacklogEmpty();
    expect(await hubTokens(d)).toEqual(sorted(tokensOf(dPerson)));
  });

  it('an operator can ask an LA for a resync, at most once a minute', async () => {
    const before = (await laState()).last_snapshot_completed_at;
    const first = await asOperator(`/api/v1/federation/index/resync/${LA}`, 'POST');
    expect(first.status).toBe(202);
    expect(first.json()).toMatchObject({ laCode: LA, requested: true });
    const second = await asOperator(`/api/v1/federation/index/resync/${LA}`, 'POST');
    expect(second.json()).toMatchObject({
      requested: false,
      problem: expect.stringMatching(/less than a minute/),
    });
    await eventually(
      async () => {
        const state = await laState();
        return state.resync_needed_since === null && state.last_snapshot_completed_at! > before!
          ? state
          : undefined;
      },
      'the operator resync to complete',
      20_000,
    );
  });

  it("the hub's database holds none of the children's names, dates of birth, postcodes or identifiers", async () => {
    await hubCaughtUp();
    const values = [
      amelia.givenName!,
      amelia.familyName!,
      'Thornbury',
      'Ashcombe',
      'Oswin',
      'Marchbanks',
      'Tamsin',
      'Fairweather',
      'Peregrine',
      'Oddlestone',
      'Evander',
      'Pilkingworth',
      ...dateOfBirthForms(amelia.dateOfBirth!),
      ...dateOfBirthForms('2012-05-06'),
      ...postcodeForms(amelia.postcode!),
      amelia.nhsNumber!,
    ];
    expect(await findPlaintextInDatabase((hubData.options as { url: string }).url, values)).toEqual([]);
    // The helper does find what is there: the node's own database holds the names.
    const atNode = await findPlaintextInDatabase(nodeDatabase.url, ['Marchbanks']);
    expect(atNode.map((finding) => finding.table)).toContain('child');
  });

  it('a change written between the batches of a snapshot survives its end; an unmentioned entry goes', async () => {
    const apply = hub.app.get(IndexApplyService);
    const other = 'E09000002';
    const [kept, written, unmentioned] = [randomUUID(), randomUUID(), randomUUID()];
    const token = (value: string) => [{ kind: 0, value }];
    const event = (
      sequence: bigint,
      operation: IndexEvent['operation'],
      childId: string | null,
      snapshot: bigint | null,
    ) => ({
      sequence,
      operation,
      childId,
      version: 1,
      shielded: false,
      tokens: operation === 'upsert' ? token(String(sequence)) : [],
      createdAt: new Date(),
      snapshot,
    });
    await apply.apply(other, event(1n, 'upsert', unmentioned, null));
    await apply.apply(other, event(2n, 'snapshot-begin', null, null));
    await apply.apply(other, event(3n, 'upsert', kept, 2n));
    await apply.apply(other, event(4n, 'upsert', written, null)); // a record write between two batches
    await apply.apply(other, event(5n, 'snapshot-end', null, 2n));
    const rows = await hubData.query<{ child_id: string }[]>(
      `SELECT child_id FROM locator_entry WHERE la_code = $1`,
      [other],
    );
    expect(rows.map((row) => row.child_id).sort()).toEqual([kept, written].sort());
    await hubData.query(`DELETE FROM locator_token WHERE la_code = $1`, [other]);
    await hubData.query(`DELETE FROM locator_entry WHERE la_code = $1`, [other]);
    await hubData.query(`DELETE FROM locator_la_state WHERE la_code = $1`, [other]);
  });
});

describe('locator index fed by the records services', () => {
  const officer = accessContext(
    { userId: randomUUID(), role: 'shielding-officer' },
    newCorrelationId(),
    WRITE_REASON,
  );
  const system = () => accessContext(SYSTEM_ACTOR, newCorrelationId(), WRITE_REASON);
  const nhsNumber = validNhsNumber(424242);
  const input = childRecordInput({
    givenName: 'Wilhelmina',
    familyName: 'Quenby',
    dateOfBirth: '2013-11-21',
    nhsNumber,
    address: { line1: '4 Orchard Row', town: 'London', postcode: 'SW1P 3BU' },
  });
  const { involvements: _ignored, ...details } = input;
  let childId: string;

  it("create, update, shield and unshield each reach the hub at the record's version", async () => {
    const records = node.get(RecordsService);
    ({ id: childId } = await records.create(input, system()));
    await eventually(
      async () => (await hubEntry(childId))?.version === 1,
      'the created record at the hub',
      20_000,
    );
    expect(await hubTokens(childId)).toEqual(
      sorted(
        tokensOf({
          givenName: 'Wilhelmina',
          familyName: 'Quenby',
          otherNames: ['Millie'],
          dateOfBirth: '2013-11-21',
          nhsNumber,
        }),
      ),
    );

    await records.update(childId, { ...details, familyName: 'Quenby-Lisle', version: 1 }, system());
    await eventually(async () => (await hubEntry(childId))?.version === 2, 'the update at the hub', 20_000);
    const renamed = {
      givenName: 'Wilhelmina',
      familyName: 'Quenby-Lisle',
      otherNames: ['Millie'],
      dateOfBirth: '2013-11-21',
      nhsNumber,
    };
    expect(await hubTokens(childId)).toEqual(sorted(tokensOf(renamed)));

    const shielded = await node
      .get(ShieldingService)
      .shield(childId, { reasonCode: 'witness-protection' }, officer);
    await eventually(
      async () => (await hubEntry(childId))?.shielded === true,
      'the shield at the hub',
      20_000,
    );
    expect((await hubEntry(childId)).version).toBe(shielded.version);
    // A shielded child is indexed by name and date of birth only: an NHS-number lookup no longer routes to it.
    const visible = {
      givenName: renamed.givenName,
      familyName: renamed.familyName,
      dateOfBirth: renamed.dateOfBirth,
    };
    expect(await hubTokens(childId)).toEqual(sorted(tokensOf(visible)));
    const byNhs = await hub.app.get(LocatorIndexService).lookup(tokensOf({ nhsNumber }), { limit: 10 });
    expect(byNhs.map((match) => match.childId)).not.toContain(childId);

    const unshielded = await node.get(ShieldingService).unshield(childId, officer);
    await eventually(
      async () => (await hubEntry(childId))?.version === unshielded.version,
      'the unshield at the hub',
      20_000,
    );
    expect(await hubEntry(childId)).toMatchObject({ shielded: false });
    expect(await hubTokens(childId)).toEqual(sorted(tokensOf(renamed)));
  });

  it('a refused write leaves no index change behind (same transaction)', async () => {
    const [before] = await nodeData.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM index_outbox`);
    await expect(
      node.get(RecordsService).update(childId, { ...details, familyName: 'Stale', version: 1 }, system()),
    ).rejects.toThrow(/changed since version 1/);
    const [after] = await nodeData.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM index_outbox`);
    expect(after.n).toBe(before.n);
  });

  it("still no child's details anywhere in the hub's database", async () => {
    await hubCaughtUp();
    const values = [
      'Wilhelmina',
      'Quenby',
      '4 Orchard Row',
      ...dateOfBirthForms('2013-11-21'),
      ...postcodeForms('SW1P 3BU'),
      nhsNumber,
    ];
    expect(await findPlaintextInDatabase((hubData.options as { url: string }).url, values)).toEqual([]);
  });
});

/** A connection with the node's own certificate, closed after the suite. */
async function connectAsNode(name: string): Promise<NatsConnection> {
  const bus = await connect(laBusOptions(hub, LA, nodeDir, name));
  nodeBuses.push(bus);
  return bus;
}

/** A minimal child row (the records module's table), for the snapshot to read. */
async function insertChildRow(
  data: DataSource,
  id: string,
  version: number,
  person: PersonFields,
): Promise<void> {
  await data.query(
    `INSERT INTO child (id, given_name, family_name, date_of_birth, gender, nhs_number, address_line1, address_town,
                        address_postcode, address_from, version)
     VALUES ($1, $2, $3, $4, 'female', $5, '1 Test Street', 'London', $6, '2020-01-01', $7)`,
    [
      id,
      person.givenName,
      person.familyName,
      person.dateOfBirth,
      person.nhsNumber ?? null,
      person.postcode ?? 'SW1A 1AA',
      version,
    ],
  );
}
