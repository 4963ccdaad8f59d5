import { hubRequest } from '../support/operator-https';
import { call, createCrashStack, query, type CrashStack, type NodeParty } from './crash-stack';
import { comparable, eventually, movingChild } from './handover-support';

/**
 * Exactly once, whatever fails: each party (A, B, the hub) is SIGKILLed right after a step of the saga by
 * its test-only failpoint, and nats-server is SIGKILLed between two steps; each is then started again.
 * Every case must end with exactly one holder (B holds a live record, A keeps a stub, the hub's handover
 * completed once and its index points to B) and B's record equal field by field to what A held.
 * Parties are reused across cases: a restart arms the next failpoint of the same party.
 */
jest.setTimeout(600_000);

const LA_A = 'E09000033';
const LA_B = 'E08000025';

type Victim = 'A' | 'B' | 'hub' | 'nats';
interface CrashCase {
  victim: Victim;
  failpoint?: string;
  /** What kills the victim: the start at A, B's data manager accepting, or (nats) the test after the offer. */
  trigger: 'start' | 'accept' | 'nats-after-offer' | 'nats-after-package';
}

const CASES: CrashCase[] = [
  { victim: 'A', failpoint: 'sender-started', trigger: 'start' },
  { victim: 'A', failpoint: 'step-published:package', trigger: 'accept' },
  { victim: 'A', failpoint: 'sender-package', trigger: 'accept' },
  { victim: 'A', failpoint: 'sender-completed', trigger: 'accept' },
  { victim: 'B', failpoint: 'receiver-accepted', trigger: 'accept' },
  { victim: 'B', failpoint: 'step-published:received', trigger: 'accept' },
  { victim: 'B', failpoint: 'receiver-package', trigger: 'accept' },
  { victim: 'B', failpoint: 'receiver-completed', trigger: 'accept' },
  { victim: 'hub', failpoint: 'hub-step-applied:start', trigger: 'start' },
  { victim: 'hub', failpoint: 'hub-delivered:asked', trigger: 'start' },
  { victim: 'hub', failpoint: 'hub-step-applied:received', trigger: 'accept' },
  { victim: 'hub', failpoint: 'hub-step-applied:package', trigger: 'accept' },
  { victim: 'hub', failpoint: 'hub-delivered:completed', trigger: 'accept' },
  { victim: 'nats', trigger: 'nats-after-offer' },
  { victim: 'nats', trigger: 'nats-after-package' },
];

let stack: CrashStack;
let a: NodeParty;
let b: NodeParty;
const children: string[] = [];
const before: Record<string, Record<string, unknown>> = {};

function partyOf(victim: Victim) {
  if (victim === 'A') return a.party;
  if (victim === 'B') return b.party;
  return victim === 'hub' ? stack.hub : stack.nats;
}

/** The failpoint a party is to be started with next: the first case still to come for it. */
function nextFailpoint(victim: Victim, after: number): string | undefined {
  const index = CASES.findIndex((crash, position) => position > after && crash.victim === victim);
  return index === -1 ? undefined : `${CASES[index].failpoint}@${children[index]}`;
}

async function localStep(node: NodeParty, childId: string): Promise<string | undefined> {
  const [row] = await query<{ state: string }>(
    node.databaseUrl,
    `SELECT state FROM handover WHERE child_id = $1 ORDER BY created_at DESC LIMIT 1`,
    [childId],
  );
  return row?.state;
}

/** Operators' retry: whatever waits for a backoff is sent now (a restarted party need not wait for it). */
async function retryAll(): Promise<void> {
  const rows = await query<{ id: string }>(
    stack.hubDatabaseUrl,
    `SELECT DISTINCT handover_id AS id FROM handover_delivery WHERE delivered_at IS NULL AND voided_at IS NULL`,
  );
  for (const row of rows)
    await hubRequest(`${stack.hubUrl}/api/v1/handovers/${row.id}/retry`, {
      caCertificatePem: stack.caCertificatePem,
      identity: stack.operator,
      method: 'POST',
    }).catch(() => undefined);
}

beforeAll(async () => {
  stack = await createCrashStack([
    { laCode: LA_A, laName: 'Westminster' },
    { laCode: LA_B, laName: 'Birmingham' },
  ]);
  a = stack.nodes[LA_A];
  b = stack.nodes[LA_B];
  // A first, alone, to create the children the failpoints name; then every party with its first failpoint.
  await a.party.start();
  for (let index = 0; index < CASES.length; index += 1) {
    const created = await call(a, 'POST', '/children', 'data-manager', movingChild(100 + index));
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    children.push(id);
    before[id] = (await call(a, 'GET', `/children/${id}?reason=providing-a-service`, 'data-manager')).body;
  }
  await a.party.kill('SIGTERM');
  await Promise.all([
    stack.hub.start(nextFailpoint('hub', -1)),
    a.party.start(nextFailpoint('A', -1)),
    b.party.start(nextFailpoint('B', -1)),
  ]);
}, 300_000);

afterAll(async () => {
  await stack?.stop();
});

describe('handover crash matrix: SIGKILL each party at each step, start it again, exactly one holder', () => {
  it.each(
    CASES.map((crash, index) => [index, crash.victim, crash.failpoint ?? crash.trigger, crash] as const),
  )('case %i: %s killed at %s', async (index, _victim, _label, crash) => {
    const childId = children[index];
    const victim = partyOf(crash.victim);
    const started = await call(a, 'POST', '/handovers', 'data-manager', {
      childId,
      toLaCode: LA_B,
      reasonCode: 'family-moved',
    });
    if (crash.trigger === 'start') {
      await victim.died();
      await victim.start(nextFailpoint(crash.victim, index));
      await retryAll();
    } else {
      expect(started.status).toBe(201);
    }
    await eventually(
      async () => (await localStep(b, childId)) === 'awaiting-answer',
      'the offer at B',
      60_000,
    );
    if (crash.trigger === 'nats-after-offer') {
      await stack.nats.kill();
      // B's data manager answers while the bus is down: the step waits in B's outbox.
      expect(
        (await call(b, 'POST', `/handovers/${await handoverIdAt(b, childId)}/accept`, 'data-manager')).status,
      ).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      await stack.nats.start();
      await retryAll();
    } else if (crash.trigger === 'nats-after-package') {
      expect(
        (await call(b, 'POST', `/handovers/${await handoverIdAt(b, childId)}/accept`, 'data-manager')).status,
      ).toBe(200);
      // As soon as A has sealed and queued the package: it is in A's outbox, JetStream or the hub's outbox.
      await eventually(
        async () => (await localStep(a, childId)) === 'package-sent',
        'the package sent',
        60_000,
      );
      await stack.nats.kill();
      await new Promise((resolve) => setTimeout(resolve, 1000));
      await stack.nats.start();
      await retryAll();
    } else {
      const accepted = await call(
        b,
        'POST',
        `/handovers/${await handoverIdAt(b, childId)}/accept`,
        'data-manager',
      );
      if (crash.trigger === 'accept') {
        await victim.died();
        if (crash.victim === 'B' && crash.failpoint === 'receiver-accepted') expect(accepted.status).toBe(0);
        await victim.start(nextFailpoint(crash.victim, index));
        await retryAll();
      }
    }
    await expectOneHolder(childId);
  });
});

async function handoverIdAt(node: NodeParty, childId: string): Promise<string> {
  const [row] = await query<{ id: string }>(
    node.databaseUrl,
    `SELECT id FROM handover WHERE child_id = $1 ORDER BY created_at DESC LIMIT 1`,
    [childId],
  );
  return row.id;
}

async function expectOneHolder(childId: string): Promise<void> {
  let lastRetry = 0;
  await eventually(
    async () => {
      const [hub] = await query<{ state: string; pending: number }>(
        stack.hubDatabaseUrl,
        `SELECT h.state, (SELECT count(*)::int FROM handover_delivery d WHERE d.handover_id = h.id
                           AND d.delivered_at IS NULL AND d.voided_at IS NULL) AS pending
           FROM handover h WHERE h.child_id = $1`,
        [childId],
      );
      if (hub?.pending && Date.now() - lastRetry > 2000) {
        lastRetry = Date.now();
        await retryAll();
      }
      return hub?.state === 'completed' && hub.pending === 0;
    },
    `handover of ${childId} completed and delivered`,
    90_000,
  );
  // One handover at the hub, completed once.
  const handovers = await query<{ state: string }>(
    stack.hubDatabaseUrl,
    `SELECT state FROM handover WHERE child_id = $1`,
    [childId],
  );
  expect(handovers).toEqual([{ state: 'completed' }]);
  // A holds a stub, B the live record, equal field by field to what A held.
  const [atA] = await query<{ moved_out: { toLaCode: string } | null; handover_id: string | null }>(
    a.databaseUrl,
    `SELECT moved_out, handover_id FROM child WHERE id = $1`,
    [childId],
  );
  expect(atA.moved_out?.toLaCode).toBe(LA_B);
  expect(atA.handover_id).toBeNull();
  const [atB] = await query<{ moved_out: unknown; handover_id: string | null }>(
    b.databaseUrl,
    `SELECT moved_out, handover_id FROM child WHERE id = $1`,
    [childId],
  );
  expect(atB).toEqual({ moved_out: null, handover_id: null });
  const view = await call(b, 'GET', `/children/${childId}?reason=providing-a-service`, 'data-manager');
  expect(view.status).toBe(200);
  expect(comparable(view.body)).toEqual(comparable(before[childId]));
  const involvements = await query<{ n: number }>(
    b.databaseUrl,
    `SELECT count(*)::int AS n FROM involvement WHERE child_id = $1`,
    [childId],
  );
  expect(involvements[0].n).toBe((before[childId].involvements as unknown[]).length);
  // The hub's index points to B only.
  await eventually(
    async () => {
      const rows = await query<{ la_code: string }>(
        stack.hubDatabaseUrl,
        `SELECT la_code FROM locator_entry WHERE child_id = $1 AND NOT deleted`,
        [childId],
      );
      return rows.length === 1 && rows[0].la_code === LA_B;
    },
    'the index pointing to B',
    60_000,
  );
  // Nothing from this handover still waits in either node's outbox or hangs as an open step.
  for (const node of [a, b]) expect(await localStep(node, childId)).toBe('completed');
}
