import { DataSource } from 'typeorm';
import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, type NatsConnection } from 'nats';
import request from 'supertest';
import { hubRequestSubject } from '@cp/contract';
import {
  certificateFingerprint,
  HUB_SENDER,
  natsClientOptions,
  type NatsTlsMaterial,
  type SigningIdentity,
} from '@cp/pki';
import { HubPkiFiles } from '../../apps/hub/src/trust/certificates/pki-files';
import { NodeSearchBus } from '../../apps/node/src/cross-boundary-search/node-search-bus';
import { HandoverBus } from '../../apps/node/src/handover/handover.bus';
import { bearerFor } from '../support/auth';
import { childRecordInput, createChildThroughApi, validNhsNumber } from '../support/child-records';
import { eventually } from '../support/eventually';
import { hubRequest } from '../support/operator-https';
import { enrol, startHub, type HubUnderTest } from '../federation/federation-stack';
import {
  indexedAtHub,
  startFederatedNode,
  stopFederatedNodes,
  type RunningNode,
} from '../federation/federated-node';
import { badMessages, replyType, signedMessage, type BusMessage } from './bus-messages';
import { hubSubjects, nodeSubjects, now } from './bus-subjects';
import { FUZZ_RUNS, FUZZ_SEED } from './fuzz-settings';

/**
 * The bus under bad messages: on every subject the hub listens on, from an enrolled LA with its own real
 * certificate (inside its own `cp.v1.hub.<LA>.>`), and on every subject a node listens on, signed with the
 * hub's key (what a faulty hub could send). Malformed, unsigned, tampered, stale, oversized and replayed.
 * Afterwards: both parties still answer, nothing was written for a refused message, and good messages
 * still apply (a node's index event and handover step reach the hub past the bad ones).
 */
jest.setTimeout(180_000 + FUZZ_RUNS * 9 * 3_000);

const LA = 'E09000033';
/** An enrolled LA that runs no node: the fuzz suite sends as it. */
const SENDER_LA = 'E08000025';
const REPLY_TIMEOUT_MS = 3_000;

let hub: HubUnderTest;
let node: RunningNode;
let senderDir: string;
let sender: NatsConnection;
let hubBus: NatsConnection;
let senderIdentity: SigningIdentity;
let hubIdentity: SigningIdentity;

interface Outcome {
  sent: number;
  answered: number;
  unanswered: number;
  findings: string[];
}

async function deliver(
  connection: NatsConnection,
  subject: string,
  kind: 'request' | 'stream',
  message: BusMessage,
  outcome: Outcome,
) {
  outcome.sent += 1;
  try {
    if (kind === 'stream') {
      await connection.jetstream().publish(subject, message.data, { timeout: REPLY_TIMEOUT_MS });
      outcome.answered += 1;
      return;
    }
    const reply = await connection.request(subject, message.data, { timeout: REPLY_TIMEOUT_MS });
    outcome.answered += 1;
    const type = replyType(reply.data);
    if (message.envelopeBad && type !== undefined && type !== 'refusal')
      outcome.findings.push(`${subject} [${message.variant}] answered as good: ${type}`);
  } catch {
    // No answer, or JetStream refused it (too large): both are refusals, and the receiver must carry on.
    outcome.unanswered += 1;
  }
}

/** Rows at the hub that only the sending LA's own messages could make. */
async function hubRowsOfSender(): Promise<string> {
  const [row] = await hub.app.get(DataSource).query<Record<string, number>[]>(
    `SELECT (SELECT count(*)::int FROM locator_entry WHERE la_code = $1) AS entries,
            (SELECT count(*)::int FROM locator_token WHERE la_code = $1) AS tokens,
            (SELECT count(*)::int FROM handover WHERE (from_la = $1 AND initiated_by = 'sender') OR (to_la = $1 AND initiated_by = 'receiver')) AS handovers,
            (SELECT count(*)::int FROM issued_certificate) AS certificates,
            (SELECT count(*)::int FROM certificate_revocation) AS revocations`,
    [SENDER_LA],
  );
  return JSON.stringify(row);
}

async function nodeRows(): Promise<string> {
  const [row] = await node.data.query<Record<string, number>[]>(
    `SELECT (SELECT count(*)::int FROM child) AS children, (SELECT count(*)::int FROM handover) AS handovers,
            (SELECT count(*)::int FROM handover_outbox) AS handover_outbox, (SELECT count(*)::int FROM involvement) AS involvements`,
  );
  return JSON.stringify(row);
}

/**
 * Connects as the sending LA once its requests reach the hub and its stream publishes are acknowledged:
 * the hub takes up a newly enrolled LA within NATS_USERS_REFRESH_SECONDS (its NATS user, and where there is
 * one per LA, its streams), so each attempt connects afresh.
 */
async function connectSender(credentials: NatsTlsMaterial): Promise<NatsConnection> {
  const [ping, , , , index, handover] = hubSubjects(SENDER_LA, LA);
  return eventually(
    async () => {
      const connection = await connect({
        ...natsClientOptions({
          url: hub.nats.url,
          identity: { kind: 'la', laCode: SENDER_LA },
          tls: credentials,
        }),
        reconnect: false,
      }).catch(() => undefined);
      if (!connection) return undefined;
      try {
        const pong = await connection.request(
          ping.subject,
          signedMessage(senderIdentity, ping, { sentAt: now() }),
          {
            timeout: 2000,
          },
        );
        if (replyType(pong.data) !== 'pong') throw new Error('no pong');
        for (const target of [index, handover])
          await connection
            .jetstream()
            .publish(target.subject, signedMessage(senderIdentity, target), { timeout: 2000 });
        return connection;
      } catch {
        await connection.close();
        return undefined;
      }
    },
    'the sending LA on the hub subjects and streams',
    60_000,
    500,
  );
}

beforeAll(async () => {
  hub = await startHub({ jetStream: true });
  node = await startFederatedNode(hub, {
    laCode: LA,
    laName: 'Westminster',
    label: 'fuzzbus',
    tokenKey: randomBytes(32).toString('base64'),
    ready: HandoverBus,
  });
  await node.app.get(NodeSearchBus).ready();
  senderDir = mkdtempSync(join(tmpdir(), 'cp-fuzz-bus-'));
  const credentials = (await enrol(hub, SENDER_LA, senderDir)).store.load(SENDER_LA);
  senderIdentity = {
    sender: SENDER_LA,
    certFingerprint: certificateFingerprint(credentials.certificatePem),
    privateKeyPem: credentials.privateKeyPem,
  };
  sender = await connectSender(credentials);
  const files = new HubPkiFiles(hub.pkiDir);
  const tls = {
    caCertificatePem: files.read(files.caCertificate),
    certificatePem: files.read(files.hubCertificate),
    privateKeyPem: files.read(files.hubKey),
  };
  hubIdentity = {
    sender: HUB_SENDER,
    certFingerprint: certificateFingerprint(tls.certificatePem),
    privateKeyPem: tls.privateKeyPem,
  };
  hubBus = await connect(
    natsClientOptions({ url: hub.nats.url, identity: { kind: 'hub' }, tls, name: 'fuzz-hub-side' }),
  );
});

afterAll(async () => {
  await sender?.close();
  await hubBus?.close();
  await stopFederatedNodes([node]);
  await hub?.stop();
  if (senderDir) rmSync(senderDir, { recursive: true, force: true });
});

describe('bus fuzz', () => {
  const outcome: Outcome = { sent: 0, answered: 0, unanswered: 0, findings: [] };
  let hubRowsBefore: string;
  let nodeRowsBefore: string;

  it('bad messages on every subject the hub listens on are refused or passed over', async () => {
    const startedAt = Date.now();
    hubRowsBefore = await hubRowsOfSender();
    for (const target of hubSubjects(SENDER_LA, LA)) {
      const messages = fc.sample(badMessages(senderIdentity, target), {
        numRuns: FUZZ_RUNS,
        seed: FUZZ_SEED,
      });
      await Promise.all(
        messages.map((message) => deliver(sender, target.subject, target.kind, message, outcome)),
      );
      // A replay: the same signed bytes twice.
      const replay = { data: signedMessage(senderIdentity, target), variant: 'replayed', envelopeBad: false };
      await deliver(sender, target.subject, target.kind, replay, outcome);
      await deliver(sender, target.subject, target.kind, { ...replay, envelopeBad: true }, outcome);
    }
    process.stdout.write(
      `[fuzz] bus to hub: runs=${FUZZ_RUNS} seed=${FUZZ_SEED} ${JSON.stringify({ ...outcome, findings: outcome.findings.length })} in ${((Date.now() - startedAt) / 1000).toFixed(1)}s\n`,
    );
    expect(outcome.findings).toEqual([]);
  });

  it('bad messages on every subject a node listens on (signed with the hub key) are refused or passed over', async () => {
    const startedAt = Date.now();
    const toNode: Outcome = { sent: 0, answered: 0, unanswered: 0, findings: [] };
    // One at a time: a refused message must leave the node's tables as they were.
    const checked = async (subject: string, message: BusMessage) => {
      const before = await nodeRows();
      await deliver(hubBus, subject, 'request', message, toNode);
      const after = await nodeRows();
      if (message.envelopeBad && after !== before)
        toNode.findings.push(`${subject} [${message.variant}] refused but wrote rows: ${before} -> ${after}`);
    };
    for (const target of nodeSubjects(LA, SENDER_LA)) {
      for (const message of fc.sample(badMessages(hubIdentity, target), {
        numRuns: FUZZ_RUNS,
        seed: FUZZ_SEED,
      }))
        await checked(target.subject, message);
      const replay = { data: signedMessage(hubIdentity, target), variant: 'replayed', envelopeBad: false };
      await checked(target.subject, replay);
      await checked(target.subject, { ...replay, envelopeBad: true });
    }
    process.stdout.write(
      `[fuzz] bus to node: runs=${FUZZ_RUNS} seed=${FUZZ_SEED} ${JSON.stringify({ ...toNode, findings: toNode.findings.length })} in ${((Date.now() - startedAt) / 1000).toFixed(1)}s\n`,
    );
    expect(toNode.findings).toEqual([]);
    nodeRowsBefore = await nodeRows();
  });

  it('the hub still answers a good ping, and refuses the same ping replayed', async () => {
    const ping = signedMessage(senderIdentity, hubSubjects(SENDER_LA, LA)[0], { sentAt: now() });
    const first = await sender.request(hubRequestSubject(SENDER_LA, 'ping'), ping, { timeout: 10_000 });
    expect(replyType(first.data)).toBe('pong');
    const again = await sender.request(hubRequestSubject(SENDER_LA, 'ping'), ping, { timeout: 10_000 });
    expect(replyType(again.data)).toBe('refusal');
  });

  it('good index events and handover steps from a node still apply at the hub (no poisoned consumer)', async () => {
    const childId = await createChildThroughApi(
      node.app,
      childRecordInput({ nhsNumber: validNhsNumber(31) }),
    );
    await indexedAtHub(hub, node, childId);
    const started = await request(node.app.getHttpServer())
      .post('/api/v1/handovers')
      .set('authorization', await bearerFor(node.app, 'data-manager'))
      .send({ childId, toLaCode: SENDER_LA, reasonCode: 'family-moved' });
    expect(started.status).toBeLessThan(300);
    await eventually(async () => {
      const [row] = await hub.app
        .get(DataSource)
        .query<{ n: number }[]>(
          `SELECT count(*)::int AS n FROM handover WHERE child_id = $1 AND from_la = $2`,
          [childId, LA],
        );
      return row.n === 1;
    }, 'the handover at the hub');
  });

  it('nothing was written for a refused message, and both parties still answer', async () => {
    expect(await hubRowsOfSender()).toBe(hubRowsBefore);
    const nodeAfter = JSON.parse(await nodeRows()) as Record<string, number>;
    const before = JSON.parse(nodeRowsBefore) as Record<string, number>;
    // The previous test created one record with one involvement and started one handover.
    expect(nodeAfter).toEqual({
      ...before,
      children: before.children + 1,
      involvements: before.involvements + 1,
      handovers: before.handovers + 1,
      handover_outbox: nodeAfter.handover_outbox,
    });
    await request(node.app.getHttpServer()).get('/health/live').expect(200);
    const health = await hubRequest(`${hub.url}/health/live`, { caCertificatePem: hub.caCertificatePem });
    expect(health.status).toBe(200);
  });
});
