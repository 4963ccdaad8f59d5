import { DataSource } from 'typeorm';
import { randomBytes, randomUUID } from 'node:crypto';
import { connect, type NatsConnection } from 'nats';
import request from 'supertest';
import {
  SEARCH_MESSAGE_TYPES,
  searchForwardSubject,
  searchQuerySubject,
  searchRouteSubject,
  type SearchForwardReplyBody,
  type SearchRouteReplyBody,
} from '@cp/contract';
import { locatorMaterial, locatorTokens } from '@cp/locator';
import type { CreateChildRecordInput } from '@cp/record-model';
import { DEFAULT_FRESHNESS_MS, ReplayCache, type JsonValue } from '@cp/pki';
import { HUB_SETTINGS, type HubSettings } from '../../apps/hub/src/config/hub-settings';
import { SearchRoutingBus } from '../../apps/hub/src/search-routing/search-routing.bus';
import { requestFromHub } from '../../apps/node/src/cross-boundary-search/hub-search-client';
import { NodeSearchBus } from '../../apps/node/src/cross-boundary-search/node-search-bus';
import { sealAndSign, signingIdentity } from '../../apps/node/src/federation/sealed-envelopes';
import { FederationCertificateStore } from '../../apps/node/src/federation/certificate-store';
import { Child } from '../../apps/node/src/record-store/child.entity';
import { bearerFor } from '../support/auth';
import { childRecordInput, createChildThroughApi, validNhsNumber, validUpn } from '../support/child-records';
import { dateOfBirthForms, findPlaintextInDatabase, postcodeForms } from '../support/database-plaintext';
import { laBusOptions, startHub, type HubUnderTest } from './federation-stack';
import { indexedAtHub, startFederatedNode, stopFederatedNodes, type RunningNode } from './federated-node';

/**
 * Cross-boundary search over the real path: three real nodes (their own PostgreSQL, their own certificates)
 * and the real hub, over mutual-TLS NATS with JetStream. Children are indexed through each node's outbox
 * and the hub's JetStream consumer; searches go node A -> hub (route, forward) -> nodes B and C and back.
 */
jest.setTimeout(180_000);

const TOKEN_KEY = randomBytes(32).toString('base64');
const LA_A = 'E09000033';
const LA_B = 'E08000003';
const LA_C = 'E06000001';
const DEADLINE_MS = 2000;

let hub: HubUnderTest;
let hubData: DataSource;
const nodes: Record<string, RunningNode> = {};

function startLa(laCode: string): Promise<RunningNode> {
  return startFederatedNode(hub, {
    laCode,
    laName: `LA ${laCode}`,
    label: 'xsearch',
    tokenKey: TOKEN_KEY,
    ready: NodeSearchBus,
  });
}

/** Creates a record at a node through its API, and sees it reach the hub's index through outbox and JetStream. */
async function createIndexedChild(node: RunningNode, input: CreateChildRecordInput): Promise<string> {
  const id = await createChildThroughApi(node.app, input);
  await indexed(node, id);
  return id;
}

/** Waits for the hub to hold the record's current version, written by the record's own transaction to the outbox. */
async function indexed(node: RunningNode, childId: string): Promise<void> {
  const child = await node.data.getRepository(Child).findOneByOrFail({ id: childId });
  const [queued] = await node.data.query<{ n: number }[]>(
    `SELECT count(*)::int AS n FROM index_outbox WHERE child_id = $1 AND version = $2`,
    [childId, child.version],
  );
  expect(queued.n).toBe(1);
  await indexedAtHub(hub, node, childId);
}

interface SearchBody {
  correlationId: string;
  results: {
    id: string;
    laCode: string;
    source: string;
    shielded: boolean;
    score: number;
    child: Record<string, unknown>;
    involvements?: { practitionerName: string; contact: { telephone?: string; email?: string } }[];
    leadProfessional?: { practitionerName: string } | null;
    shieldingTeam?: unknown;
  }[];
  federation: {
    reached: boolean;
    routedTo: string[];
    answered: string[];
    unanswered: { laCode: string; reason: string }[];
  };
}

async function searchFrom(
  node: RunningNode,
  body: Record<string, string>,
  options: { userId?: string; correlationId?: string; status?: number } = {},
) {
  const call = request(node.app.getHttpServer())
    .post('/api/v1/federation/search')
    .set('authorization', await bearerFor(node.app, 'practitioner', options.userId ?? randomUUID()));
  if (options.correlationId) void call.set('x-correlation-id', options.correlationId);
  return call.send(body).expect(options.status ?? 200);
}

const amelia = childRecordInput({
  givenName: 'Ameliora',
  familyName: 'Thornbury-Wexley',
  otherNames: [],
  dateOfBirth: '2014-03-09',
  nhsNumber: validNhsNumber(101),
  upn: validUpn(101),
  address: { line1: '4 Quarry Lane', town: 'Bolton', postcode: 'BL1 4QR' },
});
const shieldedChild = childRecordInput({
  givenName: 'Oriana',
  familyName: 'Castellane',
  otherNames: [],
  dateOfBirth: '2016-11-21',
  nhsNumber: validNhsNumber(202),
  upn: validUpn(202),
  address: { line1: '9 Hidden Close', town: 'Bolton', postcode: 'BL3 6XY' },
});
/** Held at both B and C (a child who moved), so a search reaches both. */
const twoPlaces = (postcode: string) =>
  childRecordInput({
    givenName: 'Peregrina',
    familyName: 'Oakenshield',
    otherNames: [],
    dateOfBirth: '2012-07-30',
    nhsNumber: validNhsNumber(303),
    upn: validUpn(303),
    address: { line1: '1 Moss Street', town: 'Town', postcode },
  });

let ameliaId: string;
let shieldedId: string;
let peregrinaAtB: string;
let peregrinaAtC: string;

beforeAll(async () => {
  hub = await startHub({ jetStream: true });
  hubData = hub.app.get(DataSource);
  await hub.app.get(SearchRoutingBus).ready();
  for (const laCode of [LA_A, LA_B, LA_C]) nodes[laCode] = await startLa(laCode);
  const b = nodes[LA_B];
  ameliaId = await createIndexedChild(b, amelia);
  shieldedId = await createIndexedChild(b, shieldedChild);
  await request(b.app.getHttpServer())
    .post(`/api/v1/children/${shieldedId}/shield`)
    .set('authorization', await bearerFor(b.app, 'shielding-officer'))
    .send({ reasonCode: 'refuge-or-domestic-abuse' })
    .expect((response) => expect([200, 201]).toContain(response.status));
  await indexed(b, shieldedId);
  peregrinaAtB = await createIndexedChild(b, twoPlaces('BL1 1AA'));
  peregrinaAtC = await createIndexedChild(nodes[LA_C], twoPlaces('TS24 7QS'));
});

afterAll(async () => {
  await stopFederatedNodes(Object.values(nodes));
  await hub?.stop();
});

describe('cross-boundary search', () => {
  it('finds a child held at LA B from LA A despite a typo, with the practitioners and how to reach them; routed to B alone', async () => {
    const response = await searchFrom(nodes[LA_A], {
      givenName: 'Amelora',
      familyName: 'Thornbury-Wexly',
      dateOfBirth: '2014-03-09',
      reason: 'safeguarding-concern',
    });
    const body = response.body as SearchBody;
    expect(body.federation).toEqual({ reached: true, routedTo: [LA_B], answered: [LA_B], unanswered: [] });
    const found = body.results.find((result) => result.id === ameliaId);
    expect(found).toMatchObject({ laCode: LA_B, source: 'other-la', shielded: false });
    expect(found?.score).toBeGreaterThanOrEqual(0.7);
    expect(found?.involvements).toEqual([
      expect.objectContaining({
        practitionerName: 'Sam Patel',
        contact: { telephone: '020 7946 0004', email: 'sam.patel@example.nhs.uk' },
      }),
    ]);
    expect(found?.leadProfessional).toMatchObject({ practitionerName: 'Sam Patel' });
    // Contact details of practitioners, not the child's address or identifiers.
    expect(JSON.stringify(found)).not.toMatch(/BL1 4QR|Quarry Lane|nhsNumber|upn/);
  });

  it('refuses criteria below the cross-boundary minimum with a 400 naming minimumCriteria, and a missing reason', async () => {
    const response = await searchFrom(
      nodes[LA_A],
      { familyName: 'Thornbury-Wexley', givenName: 'Ameliora', reason: 'safeguarding-concern' },
      { status: 400 },
    );
    expect(JSON.stringify(response.body)).toContain('minimumCriteria');
    const noReason = await searchFrom(
      nodes[LA_A],
      { familyName: 'Thornbury-Wexley', dateOfBirth: '2014-03-09' },
      { status: 400 },
    );
    expect(JSON.stringify(noReason.body)).toContain('reason');
  });

  it('a shielded child comes back only in its shielded view', async () => {
    const response = await searchFrom(nodes[LA_A], {
      familyName: 'Castellane',
      givenName: 'Oriana',
      dateOfBirth: '2016-11-21',
      reason: 'safeguarding-concern',
    });
    const found = (response.body as SearchBody).results.find((result) => result.id === shieldedId);
    expect(found).toBeDefined();
    expect(Object.keys(found ?? {}).sort()).toEqual(
      ['child', 'grade', 'id', 'laCode', 'matchedOn', 'score', 'shielded', 'shieldingTeam', 'source'].sort(),
    );
    expect(found).toMatchObject({ shielded: true, laCode: LA_B });
    expect(Object.keys(found?.child ?? {}).sort()).toEqual(
      ['age', 'dateOfBirth', 'familyName', 'gender', 'givenName'].sort(),
    );
    expect(JSON.stringify(found)).not.toMatch(/BL3 6XY|Hidden Close|Sam Patel|involvement/i);
    // Not findable by an identifier it is shielded behind.
    const byNhs = await searchFrom(nodes[LA_A], {
      nhsNumber: shieldedChild.nhsNumber as string,
      reason: 'safeguarding-concern',
    });
    expect((byNhs.body as SearchBody).results.map((result) => result.id)).not.toContain(shieldedId);
  });

  it("A's search entry, the hub's routing log and B's disclosure entry share one correlation id", async () => {
    const correlationId = randomUUID();
    const userId = randomUUID();
    await searchFrom(
      nodes[LA_A],
      { familyName: 'Thornbury-Wexley', dateOfBirth: '2014-03-09', reason: 'safeguarding-concern' },
      { userId, correlationId },
    );
    const [atA] = await nodes[LA_A].data.query<
      { actor_id: string; reason: string; disclosed_child_ids: string[]; detail: Record<string, unknown> }[]
    >(
      `SELECT actor_id, reason, disclosed_child_ids, detail FROM audit_entry
        WHERE correlation_id = $1 AND detail->>'scope' = 'cross-boundary'`,
      [correlationId],
    );
    expect(atA).toMatchObject({ actor_id: userId, reason: 'safeguarding-concern' });
    expect(atA.disclosed_child_ids).toContain(ameliaId);
    expect(atA.detail).toMatchObject({
      criteria: ['familyName', 'dateOfBirth'],
      routedTo: [LA_B],
      answered: [LA_B],
    });
    const routing = await hubData.query<
      { from_la: string; to_las: string[]; answered_las: string[]; outcome: string }[]
    >(`SELECT from_la, to_las, answered_las, outcome FROM search_routing_log WHERE correlation_id = $1`, [
      correlationId,
    ]);
    expect(routing).toEqual([{ from_la: LA_A, to_las: [LA_B], answered_las: [LA_B], outcome: 'forwarded' }]);
    const atB = await nodes[LA_B].data.query<
      { actor_id: string; actor_la: string; reason: string; action: string; disclosed_child_ids: string[] }[]
    >(
      `SELECT actor_id, actor_la, reason, action, disclosed_child_ids FROM audit_entry WHERE correlation_id = $1`,
      [correlationId],
    );
    expect(atB).toEqual([
      {
        actor_id: userId,
        actor_la: LA_A,
        reason: 'safeguarding-concern',
        action: 'record.search',
        disclosed_child_ids: [ameliaId],
      },
    ]);
    // C held nothing matching: it was not asked, and so holds no entry.
    const atC = await nodes[LA_C].data.query(`SELECT 1 FROM audit_entry WHERE correlation_id = $1`, [
      correlationId,
    ]);
    expect(atC).toEqual([]);
  });

  it("the hub relays a route's queries to the LAs it routed to alone, and once; a node refuses a thin query", async () => {
    const store = (laCode: string) => new FederationCertificateStore(nodes[laCode].dir).load(laCode);
    const credentials = store(LA_A);
    const forC = store(LA_C);
    const connection = await connect(laBusOptions(hub, LA_A, nodes[LA_A].dir));
    const replayCache = new ReplayCache(DEFAULT_FRESHNESS_MS);
    const correlationId = randomUUID();
    const person = { familyName: 'Thornbury-Wexley', givenName: 'Ameliora', dateOfBirth: '2014-03-09' };
    const ask = (subject: string, type: string, expectedReplyType: string, body: unknown) =>
      requestFromHub({
        connection,
        credentials,
        subject,
        type,
        expectedReplyType,
        body: body as JsonValue,
        timeoutMs: 5000,
        replayCache,
      });
    try {
      const tokens = locatorTokens(locatorMaterial(person), Buffer.from(TOKEN_KEY, 'base64'));
      const route = (
        await ask(
          searchRouteSubject(LA_A),
          SEARCH_MESSAGE_TYPES.routeRequest,
          SEARCH_MESSAGE_TYPES.routeReply,
          {
            v: 1,
            correlationId,
            tokens,
          },
        )
      ).body as unknown as SearchRouteReplyBody;
      expect(route.candidates.map((candidate) => candidate.laCode)).toEqual([LA_B]);
      // A well-formed query sealed for C, whom the index did not name.
      const query = {
        v: 1,
        fromLa: LA_A,
        toLa: LA_C,
        correlationId,
        requestingUserId: randomUUID(),
        requestingRole: 'practitioner',
        reason: 'safeguarding-concern',
        criteria: person,
      };
      const envelope = sealAndSign(
        query,
        { laCode: LA_C, certificatePem: forC.certificatePem, fingerprint: forC.certificate.fingerprint },
        signingIdentity(credentials),
        SEARCH_MESSAGE_TYPES.query,
      );
      const forward = {
        routeId: route.routeId,
        queries: [{ laCode: LA_C, envelope }],
      };
      const reply = (
        await ask(
          searchForwardSubject(LA_A),
          SEARCH_MESSAGE_TYPES.forwardRequest,
          SEARCH_MESSAGE_TYPES.forwardReply,
          forward,
        )
      ).body as unknown as SearchForwardReplyBody;
      expect(reply).toEqual({ answers: [], unanswered: [{ laCode: LA_B, reason: 'not-sent' }] });
      await expect(
        ask(
          searchForwardSubject(LA_A),
          SEARCH_MESSAGE_TYPES.forwardRequest,
          SEARCH_MESSAGE_TYPES.forwardReply,
          {
            routeId: route.routeId,
            queries: [],
          },
        ),
      ).rejects.toMatchObject({ reason: 'unknown-route' });
      // C never saw the query: it would have audited its answer under this correlation id.
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(
        await nodes[LA_C].data.query(`SELECT 1 FROM audit_entry WHERE correlation_id = $1`, [correlationId]),
      ).toEqual([]);

      // B refuses, signed, a query below the cross-boundary minimum (a family name alone), and reads nothing.
      const second = randomUUID();
      const secondRoute = (
        await ask(
          searchRouteSubject(LA_A),
          SEARCH_MESSAGE_TYPES.routeRequest,
          SEARCH_MESSAGE_TYPES.routeReply,
          {
            v: 1,
            correlationId: second,
            tokens,
          },
        )
      ).body as unknown as SearchRouteReplyBody;
      const forB = store(LA_B);
      const thin = sealAndSign(
        { ...query, toLa: LA_B, correlationId: second, criteria: { familyName: person.familyName } },
        { laCode: LA_B, certificatePem: forB.certificatePem, fingerprint: forB.certificate.fingerprint },
        signingIdentity(credentials),
        SEARCH_MESSAGE_TYPES.query,
      );
      const refused = (
        await ask(
          searchForwardSubject(LA_A),
          SEARCH_MESSAGE_TYPES.forwardRequest,
          SEARCH_MESSAGE_TYPES.forwardReply,
          { routeId: secondRoute.routeId, queries: [{ laCode: LA_B, envelope: thin }] },
        )
      ).body as unknown as SearchForwardReplyBody;
      expect(refused).toEqual({ answers: [], unanswered: [{ laCode: LA_B, reason: 'refused' }] });
      expect(
        await nodes[LA_B].data.query(`SELECT 1 FROM audit_entry WHERE correlation_id = $1`, [second]),
      ).toEqual([]);
    } finally {
      await connection.drain();
    }
  });

  it('a node that stays silent does not hold up the others: a partial answer within the deadline names it', async () => {
    const c = nodes[LA_C];
    c.app.get(NodeSearchBus).stopAnswering();
    // A subscriber with C's own certificate that takes queries and never answers: a hung node.
    const hung: NatsConnection = await connect(laBusOptions(hub, LA_C, c.dir));
    let received = 0;
    hung.subscribe(searchQuerySubject(LA_C), { callback: () => received++ });
    await hung.flush();
    try {
      expect(hub.app.get<HubSettings>(HUB_SETTINGS).SEARCH_ANSWER_DEADLINE_MS).toBe(DEADLINE_MS);
      const started = Date.now();
      const response = await searchFrom(nodes[LA_A], {
        familyName: 'Oakenshield',
        givenName: 'Peregrina',
        dateOfBirth: '2012-07-30',
        reason: 'safeguarding-concern',
      });
      const elapsed = Date.now() - started;
      const body = response.body as SearchBody;
      expect(received).toBe(1);
      expect(body.federation.routedTo).toEqual([LA_C, LA_B].sort());
      expect(body.federation.answered).toEqual([LA_B]);
      expect(body.federation.unanswered).toEqual([{ laCode: LA_C, reason: 'deadline' }]);
      expect(body.results.map((result) => result.id)).toContain(peregrinaAtB);
      expect(body.results.map((result) => result.id)).not.toContain(peregrinaAtC);
      expect(elapsed).toBeGreaterThanOrEqual(DEADLINE_MS - 100);
      expect(elapsed).toBeLessThan(DEADLINE_MS + 1500);
    } finally {
      await hung.drain();
    }
    // With nobody listening for C at all: C's account is a separate NATS account, and nats-server does not
    // say "no responders" across an account import, so C is named at the deadline like a silent node.
    const started = Date.now();
    const response = await searchFrom(nodes[LA_A], {
      familyName: 'Oakenshield',
      dateOfBirth: '2012-07-30',
      reason: 'safeguarding-concern',
    });
    expect((response.body as SearchBody).federation.unanswered).toEqual([
      { laCode: LA_C, reason: expect.stringMatching(/^(no-responder|deadline)$/) },
    ]);
    expect((response.body as SearchBody).federation.answered).toEqual([LA_B]);
    expect(Date.now() - started).toBeLessThan(DEADLINE_MS + 1500);
  });

  it("the hub's database holds no name, date of birth, postcode or identifier of any child, nor practitioner details", async () => {
    const values = [amelia, shieldedChild, twoPlaces('BL1 1AA')].flatMap((child) => [
      child.givenName,
      child.familyName,
      ...dateOfBirthForms(child.dateOfBirth),
      ...postcodeForms(child.address.postcode),
      child.nhsNumber as string,
      child.upn as string,
    ]);
    values.push(...postcodeForms('TS24 7QS'), 'Sam Patel', 'sam.patel@example.nhs.uk', '020 7946 0004');
    const hubUrl = hub.app.get<HubSettings>(HUB_SETTINGS).DATABASE_URL;
    expect(await findPlaintextInDatabase(hubUrl, values)).toEqual([]);
    // The searches above did happen through this hub.
    const [logged] = await hubData.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM search_routing_log`,
    );
    expect(logged.n).toBeGreaterThanOrEqual(5);
  });
});
