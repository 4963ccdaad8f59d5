import { Logger } from '@nestjs/common';
import { randomBytes, randomUUID } from 'node:crypto';
import { connect, headers, type JetStreamManager, type MsgHdrs, type NatsConnection } from 'nats';
import { DataSource } from 'typeorm';
import {
  HANDOVER_CONSUMER,
  handoverStepSubject,
  handoverStreamOf,
  hubRequestSubject,
  INDEX_CONSUMER,
  indexEventSubject,
  indexMessageId,
  indexStreamOf,
  laInboxPrefix,
  searchForwardSubject,
  searchRouteSubject,
} from '@cp/contract';
import { HubHandoverBus } from '../../apps/hub/src/handover/hub-handover.bus';
import { HubIndexBus } from '../../apps/hub/src/locator-index/hub-index-bus';
import { IndexBusConnection } from '../../apps/hub/src/locator-index/index-bus-connection';
import { HandoverBus } from '../../apps/node/src/handover/handover.bus';
import { childRecordInput, createChildThroughApi } from '../support/child-records';
import { eventually } from '../support/eventually';
import { handoverCall, localHandover } from '../handover/handover-support';
import { indexedAtHub, startFederatedNode, stopFederatedNodes, type RunningNode } from './federated-node';
import { hubBusOptions, laBusOptions, startHub, type HubUnderTest } from './federation-stack';

/**
 * Attacks on the bus by an enrolled LA with its own valid certificate (LA A, Westminster) against another
 * LA (B, Birmingham) and the hub: the real hub and two real nodes over mutual-TLS NATS with JetStream, the
 * account layout of @cp/pki's nats-server configuration. Each attack must change nothing and be logged.
 */
jest.setTimeout(180_000);

const A = 'E09000033';
const B = 'E08000025';
const TOKEN_KEY = randomBytes(32).toString('base64');
const INDEX_LIMIT = 100;

let hub: HubUnderTest;
let a: RunningNode;
let b: RunningNode;
let attacker: NatsConnection;
let observer: NatsConnection;
let jsm: JetStreamManager;
const warnings: string[] = [];

const STREAMS = [indexStreamOf(A), indexStreamOf(B), handoverStreamOf(A), handoverStreamOf(B)];
const CONSUMERS: Record<string, string> = {
  [indexStreamOf(A)]: INDEX_CONSUMER,
  [indexStreamOf(B)]: INDEX_CONSUMER,
  [handoverStreamOf(A)]: HANDOVER_CONSUMER,
  [handoverStreamOf(B)]: HANDOVER_CONSUMER,
};

/** Every subject an LA may publish on (its own requests to the hub). */
const A_SUBJECTS = [
  indexEventSubject(A),
  handoverStepSubject(A),
  hubRequestSubject(A, 'ping'),
  hubRequestSubject(A, 'renew'),
  searchRouteSubject(A),
  searchForwardSubject(A),
];

/** Reply subjects and direct targets that would hurt someone else if anything published there. */
const TARGETS = [
  ...STREAMS.flatMap((stream) => [
    `$JS.API.STREAM.PURGE.${stream}`,
    `$JS.API.STREAM.MSG.DELETE.${stream}`,
    `$JS.API.STREAM.DELETE.${stream}`,
    `$JS.API.CONSUMER.DELETE.${stream}.${CONSUMERS[stream]}`,
  ]),
  `${laInboxPrefix(B)}.stolen`,
  '$SYS.REQ.SERVER.PING',
];

function msgIdHeader(id: string): MsgHdrs {
  const hdrs = headers();
  hdrs.set('Nats-Msg-Id', id);
  return hdrs;
}

function connectAs(laCode: string, dir: string, name: string): Promise<NatsConnection> {
  return connect(laBusOptions(hub, laCode, dir, name));
}

interface StreamState {
  name: string;
  messages: number;
  firstSeq: number;
  lastSeq: number;
  consumers: string[];
}

async function streamStates(): Promise<StreamState[]> {
  const states: StreamState[] = [];
  for (const name of STREAMS) {
    const info = await jsm.streams.info(name);
    const consumers = (await jsm.consumers.list(name).next()).map((consumer) => consumer.name);
    states.push({
      name,
      messages: info.state.messages,
      firstSeq: info.state.first_seq,
      lastSeq: info.state.last_seq,
      consumers,
    });
  }
  return states;
}

async function nextOutboxSequence(node: RunningNode): Promise<number> {
  const [row] = await node.data.query<{ last: string | null }[]>(
    `SELECT max(sequence)::text AS last FROM index_outbox`,
  );
  return Number(row.last ?? '0') + 1;
}

async function childAt(node: RunningNode, seed: number): Promise<string> {
  return createChildThroughApi(
    node.app,
    childRecordInput({ familyName: `Isolation${'x'.repeat(seed % 5)}`, givenName: `Case${seed}` }),
  );
}

beforeAll(async () => {
  jest.spyOn(Logger.prototype, 'warn').mockImplementation((message: unknown) => {
    warnings.push(String(message));
  });
  hub = await startHub({
    jetStream: true,
    settings: { BUS_LA_INDEX_MAX_MESSAGES: INDEX_LIMIT, BUS_LA_INDEX_RATE_PER_SECOND: 10 },
  });
  await hub.app.get(HubHandoverBus).ready();
  const start = (laCode: string, laName: string) =>
    startFederatedNode(hub, { laCode, laName, label: 'iso', tokenKey: TOKEN_KEY, ready: HandoverBus });
  a = await start(A, 'Westminster');
  b = await start(B, 'Birmingham');
  attacker = await connectAs(A, a.dir, 'attacker-with-own-certificate');
  observer = await connect(hubBusOptions(hub, 'test-observer'));
  jsm = await observer.jetstreamManager();
  await eventually(async () => (await jsm.streams.names().next()).length >= STREAMS.length, 'the LA streams');
});

afterAll(async () => {
  jest.restoreAllMocks();
  await attacker?.close();
  await observer?.close();
  await stopFederatedNodes([a, b]);
  await hub?.stop();
});

describe("the bus isolates every LA: an LA's own certificate cannot touch another's messages", () => {
  it('reply subjects and direct publishes at the JetStream API, another LA or $SYS change nothing and are logged', async () => {
    // B's index events wait in its stream while the hub's index consumer is paused: the messages to protect.
    const indexBus = hub.app.get(HubIndexBus);
    const hubConnection = hub.app.get(IndexBusConnection).current();
    if (!hubConnection) throw new Error('the hub index feed is not on the bus');
    await indexBus.detach();
    const waiting = [await childAt(b, 1), await childAt(b, 2), await childAt(b, 3)];
    await eventually(
      async () => (await jsm.streams.info(indexStreamOf(B))).state.messages >= 3,
      "B's events waiting in its stream",
    );
    const before = await streamStates();

    // B's own inboxes: nothing the attacker does may arrive there.
    const bWatcher = await connectAs(B, b.dir, 'b-inbox-watcher');
    const stolen: string[] = [];
    bWatcher.subscribe(`${laInboxPrefix(B)}.>`, {
      callback: (_error, message) => stolen.push(message.subject),
    });
    await bWatcher.flush();

    const since = hub.nats.mark();
    // A JetStream acknowledgement of {"seq":1} would delete message 1 if it reached MSG.DELETE.
    const payload = JSON.stringify({ seq: 1 });
    for (const subject of A_SUBJECTS) {
      for (const reply of TARGETS) attacker.publish(subject, payload, { reply });
    }
    for (const target of TARGETS) attacker.publish(target, payload);
    await attacker.flush().catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 1500));

    const after = await streamStates();
    const state = (states: StreamState[], name: string) => states.find((entry) => entry.name === name);
    // Every stream and its consumer is still there; nothing was removed from any stream.
    expect(after.map((entry) => [entry.name, entry.consumers])).toEqual(
      before.map((entry) => [entry.name, entry.consumers]),
    );
    for (const entry of after)
      expect(entry.lastSeq).toBeGreaterThanOrEqual(state(before, entry.name)?.lastSeq ?? 0);
    // B's streams are exactly as they were: its waiting events all there, nothing of A's added.
    for (const name of [indexStreamOf(B), handoverStreamOf(B)]) {
      expect(state(after, name)).toEqual(state(before, name));
    }
    expect(state(after, indexStreamOf(B))?.messages).toBeGreaterThanOrEqual(3);
    expect(stolen).toEqual([]);
    await bWatcher.close();

    // nats-server names the attacker's certificate for every direct publish it refused.
    await hub.nats.waitForLog(/Publish Violation.*SERIALNUMBER=.*\$JS\.API\.STREAM\.PURGE/, 5000, since);
    const violations = hub.nats
      .logs()
      .slice(since)
      .filter((line) => /Publish Violation/.test(line) && line.includes(`OU=${A}`));
    expect(violations.length).toBeGreaterThanOrEqual(TARGETS.length);

    // The hub resumes: B's waiting events apply; the attacker's garbage in A's stream is refused and logged.
    await indexBus.attach(hubConnection);
    for (const childId of waiting) await indexedAtHub(hub, b, childId);
    await eventually(
      () =>
        Promise.resolve(
          warnings.some((line) => line.includes(`Refused index event`) && line.includes(`LA ${A}`)),
        ),
      "the hub's refusal of the attacker's index messages",
    );
    expect((await streamStates()).map((state) => state.consumers)).toEqual(
      before.map((state) => state.consumers),
    );
  });

  it("publishing B's next message ids first does not make JetStream drop B's events", async () => {
    const next = await nextOutboxSequence(b);
    const js = attacker.jetstream();
    for (let ahead = 0; ahead < 5; ahead += 1) {
      const ack = await js.publish(indexEventSubject(A), JSON.stringify({ forged: true }), {
        msgID: indexMessageId(B, String(next + ahead)),
      });
      expect(ack.stream).toBe(indexStreamOf(A));
      expect(ack.duplicate).toBe(false);
    }
    const children = [await childAt(b, 10), await childAt(b, 11)];
    for (const childId of children) await indexedAtHub(hub, b, childId);
    const [row] = await hub.app
      .get(DataSource)
      .query<{ last_sequence: string; gaps: number }[]>(
        `SELECT last_sequence::text, gaps FROM locator_la_state WHERE la_code = $1`,
        [B],
      );
    expect(Number(row.last_sequence)).toBeGreaterThanOrEqual(next + 1);
    expect(row.gaps).toBe(0);
  });

  it("a flood past A's limit is refused to A, clearly, and logged, while B's events keep applying", async () => {
    // Raw requests, to read JetStream's own answer (nats.js reduces a refusal to its code).
    const answers = await Promise.all(
      Array.from({ length: INDEX_LIMIT * 3 }, async (_, n) => {
        const reply = await attacker.request(indexEventSubject(A), JSON.stringify({ flood: n }), {
          timeout: 10_000,
          headers: msgIdHeader(`flood-${randomUUID()}`),
        });
        return JSON.parse(new TextDecoder().decode(reply.data)) as {
          stream?: string;
          error?: { code: number; description: string };
        };
      }),
    );
    const refused = answers.filter((answer) => answer.error);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused[0].error).toMatchObject({ code: 503, description: 'maximum messages exceeded' });
    expect(
      answers.filter((answer) => !answer.error).every((answer) => answer.stream === indexStreamOf(A)),
    ).toBe(true);
    expect((await jsm.streams.info(indexStreamOf(A))).state.messages).toBeLessThanOrEqual(INDEX_LIMIT);
    // B is not held up by A's backlog: its consumer is its own.
    const childId = await childAt(b, 20);
    await indexedAtHub(hub, b, childId);
    await eventually(
      () => Promise.resolve(warnings.some((line) => line.includes(`LA ${A} reached its index stream limit`))),
      "the hub's log line naming A at its limit",
      15_000,
    );
  });

  it("B's handover steps still arrive and apply: a record moves from B to A", async () => {
    const childId = await childAt(b, 30);
    const started = await handoverCall(b.app, 'post', '', {
      childId,
      toLaCode: A,
      reasonCode: 'family-moved',
    });
    expect(started.status).toBe(201);
    const handoverId = (started.body as { id: string }).id;
    await eventually(
      async () => (await localHandover(a.app, childId))?.state === 'awaiting-answer',
      'the offer at A',
      20_000,
    );
    expect((await handoverCall(a.app, 'post', `/${handoverId}/accept`)).status).toBe(200);
    await eventually(
      async () => (await localHandover(b.app, childId))?.state === 'completed',
      'the handover completed at B',
      30_000,
    );
  });
});
