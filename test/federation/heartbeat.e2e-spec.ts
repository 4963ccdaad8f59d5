import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { mkdtempSync, rmSync } from 'node:fs';
import { randomBytes, randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type {
  FederationOverview,
  NodeHealth,
} from '../../apps/hub/src/operations/federation-health/federation-health.service';
import { IndexEvents } from '../../apps/node/src/record-store/index-events';
import { startNodeApp } from '../support/node-app';
import { eventually } from '../support/eventually';
import { hubRequest, issueOperator, type ClientIdentity } from '../support/operator-https';
import { createTestDatabase } from '../support/test-database';
import { enrol, startHub, type HubUnderTest } from './federation-stack';

/**
 * Heartbeats an operator can rely on, over the real path (node -> signed heartbeat on JetStream over
 * mutual-TLS NATS -> hub consumer): an idle node, even one that has never published an index change, is
 * heard from every INDEX_HEARTBEAT_SECONDS (1 s here), so the hub's last-heard time keeps advancing and
 * the node stays `up` past the late threshold (3 s here); a heartbeat changes nothing in the index.
 */
jest.setTimeout(120_000);

const LA = 'E09000033';
const HEARTBEAT_SECONDS = 1;
const LATE_AFTER_SECONDS = 3;
const DOWN_AFTER_SECONDS = 6;

let hub: HubUnderTest;
let node: NestFastifyApplication | undefined;
let nodeDatabase: { url: string; drop: () => Promise<void> };
let nodeDir: string;
let hubData: DataSource;
let operator: ClientIdentity;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface LaState {
  last_seen_at: Date | null;
  last_sequence: string;
  events_applied: string;
  gaps: number;
  resync_needed_since: Date | null;
  last_applied_at: Date | null;
}

async function laState(): Promise<LaState | undefined> {
  const [state] = await hubData.query<LaState[]>(
    `SELECT last_seen_at, last_sequence, events_applied, gaps, resync_needed_since, last_applied_at
       FROM locator_la_state WHERE la_code = $1`,
    [LA],
  );
  return state;
}

async function lastSeen(): Promise<number> {
  const state = await laState();
  if (!state?.last_seen_at) throw new Error('the hub has not heard from the node');
  return state.last_seen_at.getTime();
}

/** Everything the hub's index holds for the LA: entries and their tokens. */
async function indexContent(): Promise<unknown[]> {
  return hubData.query(
    `SELECT e.child_id, e.version, e.shielded, e.deleted, e.snapshot, e.updated_at,
            array(SELECT t.token::text FROM locator_token t
                   WHERE t.child_id = e.child_id AND t.la_code = e.la_code ORDER BY t.token) AS tokens
       FROM locator_entry e WHERE e.la_code = $1 ORDER BY e.child_id`,
    [LA],
  );
}

async function nodeAsOperatorSees(): Promise<NodeHealth | undefined> {
  const answer = await hubRequest(`${hub.url}/api/v1/operations/overview`, {
    caCertificatePem: hub.caCertificatePem,
    identity: operator,
  });
  expect(answer.status).toBe(200);
  return answer.json<FederationOverview>().nodes.find((entry) => entry.laCode === LA);
}

beforeAll(async () => {
  hub = await startHub({
    jetStream: true,
    settings: { NODE_LATE_AFTER_SECONDS: LATE_AFTER_SECONDS, NODE_DOWN_AFTER_SECONDS: DOWN_AFTER_SECONDS },
  });
  hubData = hub.app.get(DataSource);
  operator = (await issueOperator(hub, 'heartbeat-operator')).identity;
  nodeDir = mkdtempSync(join(tmpdir(), 'cp-node-heartbeat-'));
  await enrol(hub, LA, nodeDir);
  nodeDatabase = await createTestDatabase('cp_node_heartbeat');
  node = await startNodeApp({
    DATABASE_URL: nodeDatabase.url,
    NODE_LA_CODE: LA,
    FEDERATION_DIR: nodeDir,
    NATS_URL: hub.nats.url,
    FEDERATION_TOKEN_KEY: randomBytes(32).toString('base64'),
    INDEX_HEARTBEAT_SECONDS: HEARTBEAT_SECONDS,
  });
});

afterAll(async () => {
  await node?.close();
  await hub?.stop();
  await nodeDatabase?.drop();
  rmSync(nodeDir, { recursive: true, force: true });
});

describe('node heartbeats at the hub', () => {
  it('a freshly enrolled node that has published nothing is heard from, and shown up', async () => {
    const [outbox] = await node!
      .get(DataSource)
      .query<{ n: number }[]>(`SELECT count(*)::int AS n FROM index_outbox`);
    expect(outbox.n).toBe(0);

    const state = await eventually(
      async () => {
        const current = await laState();
        return current?.last_seen_at ? current : undefined;
      },
      'a first heartbeat at the hub',
      20_000,
    );
    // Heard from, but no index event applied and nothing in the index.
    expect(state).toMatchObject({
      last_sequence: '0',
      events_applied: '0',
      gaps: 0,
      resync_needed_since: null,
    });
    expect(state.last_applied_at).toBeNull();
    expect(await indexContent()).toEqual([]);
    expect(await nodeAsOperatorSees()).toMatchObject({ state: 'up', index: { entries: 0 } });
  });

  it('an idle node is heard from every interval: last_seen_at advances and it stays up past the late threshold', async () => {
    const first = await lastSeen();
    await sleep(2.2 * HEARTBEAT_SECONDS * 1000);
    const second = await lastSeen();
    expect(second).toBeGreaterThan(first);
    await sleep(2.2 * HEARTBEAT_SECONDS * 1000);
    const third = await lastSeen();
    expect(third).toBeGreaterThan(second);

    // Idle for longer than the late threshold (4.4 s > 3 s) since this test began, and still up.
    const seen = await nodeAsOperatorSees();
    expect(seen?.state).toBe('up');
    expect(seen?.silentSeconds).toBeLessThan(LATE_AFTER_SECONDS);
  });

  it('heartbeats change nothing in the index: entries, tokens, sequence and counts stay as the last event left them', async () => {
    const data = node!.get(DataSource);
    const outbox = node!.get(IndexEvents);
    const childId = randomUUID();
    await data.transaction((manager) =>
      outbox.enqueue(manager, {
        childId,
        version: 1,
        operation: 'upsert',
        shielded: false,
        person: { givenName: 'Thomasina', familyName: 'Pennywhistle', dateOfBirth: '2017-06-21' },
      }),
    );
    const applied = await eventually(
      async () => {
        const current = await laState();
        return current?.last_sequence === '1' ? current : undefined;
      },
      'the index event at the hub',
      20_000,
    );
    const content = await indexContent();
    expect(content).toEqual([expect.objectContaining({ child_id: childId, version: 1 })]);
    const seenAfterEvent = await lastSeen();

    await sleep(2.5 * HEARTBEAT_SECONDS * 1000);
    const after = await laState();
    expect(after?.last_seen_at?.getTime()).toBeGreaterThan(seenAfterEvent);
    expect(after).toEqual({ ...applied, last_seen_at: after?.last_seen_at });
    expect(await indexContent()).toEqual(content);
  });

  it('a stopped node stops being heard from: late, then down', async () => {
    await node!.close();
    node = undefined;
    const late = await eventually(
      async () => {
        const seen = await nodeAsOperatorSees();
        return seen?.state === 'late' ? seen : undefined;
      },
      'the node shown late',
      20_000,
    );
    expect(late.silentSeconds).toBeGreaterThanOrEqual(LATE_AFTER_SECONDS);
    await eventually(
      async () => {
        const seen = await nodeAsOperatorSees();
        return seen?.state === 'down' ? seen : undefined;
      },
      'the node shown down',
      20_000,
    );
  });
});
