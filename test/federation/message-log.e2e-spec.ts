import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { randomBytes, randomUUID } from 'node:crypto';
import { Command } from 'commander';
import request from 'supertest';
import { HubHandoverBus } from '../../apps/hub/src/handover/hub-handover.bus';
import { MessageLogService as HubMessageLog } from '../../apps/hub/src/message-log/message-log.service';
import { registerMessageLogCommands as hubCommands } from '../../apps/hub/src/cli/message-log.cli';
import { SearchRoutingBus } from '../../apps/hub/src/search-routing/search-routing.bus';
import { NodeSearchBus } from '../../apps/node/src/cross-boundary-search/node-search-bus';
import { HandoverBus } from '../../apps/node/src/handover/handover.bus';
import { registerMessageLogCommands as nodeCommands } from '../../apps/node/src/cli/message-log.cli';
import { bearerFor } from '../support/auth';
import { childRecordInput, createChildThroughApi, validNhsNumber, validUpn } from '../support/child-records';
import { handoverCall, localHandover, movingChild, eventually } from '../handover/handover-support';
import { indexedAtHub, startFederatedNode, stopFederatedNodes, type RunningNode } from './federated-node';
import { startHub, type HubUnderTest } from './federation-stack';

/**
 * The message log at every party (docs/security.md, "Message log"): after one cross-boundary search and one
 * handover over the real hub, nodes and mutual-TLS NATS, A, the hub and B each hold every signed message
 * of those flows as signed; `messages verify` (the real command) passes at each, and names the message
 * when one byte of it is changed; the application's own connection cannot change or delete a row.
 */
jest.setTimeout(180_000);

const TOKEN_KEY = randomBytes(32).toString('base64');
const LA_A = 'E09000033';
const LA_B = 'E08000003';

let hub: HubUnderTest;
let hubData: DataSource;
const nodes: Record<string, RunningNode> = {};
let searchId: string;
let heldId: string;
let handoverId: string;

interface LogRow {
  id: string;
  direction: string;
  type: string;
  sender: string;
}

async function logged(data: DataSource, correlationId: string): Promise<string[]> {
  const rows = await data.query<LogRow[]>(
    `SELECT id, direction, type, sender FROM federation_message WHERE correlation_id = $1 ORDER BY id`,
    [correlationId],
  );
  return [...new Set(rows.map((row) => `${row.direction} ${row.type} ${row.sender}`))].sort();
}

const sorted = (values: string[]): string[] => [...values].sort();

/** Runs the real `messages verify` command against a running app; its exit code and the line it printed. */
async function verifyAt(party: 'node' | 'hub', app: INestApplicationContext) {
  const program = new Command().exitOverride();
  const open = () => Promise.resolve({ app, release: () => Promise.resolve() });
  if (party === 'node') nodeCommands(program, open);
  else hubCommands(program, open);
  const lines: string[] = [];
  const spy = jest.spyOn(console, 'log').mockImplementation((line: string) => void lines.push(line));
  process.exitCode = undefined;
  try {
    await program.parseAsync(['node', 'cli', 'messages', 'verify']);
  } finally {
    spy.mockRestore();
  }
  const code = process.exitCode ?? 0;
  process.exitCode = undefined;
  return { code, output: lines.join('\n') };
}

/** Changes one byte of one stored message as a superuser would, past the trigger. */
async function tamper(data: DataSource, id: string, path: string): Promise<void> {
  await data.transaction(async (manager) => {
    await manager.query(`SET LOCAL session_replication_role = replica`);
    const [{ value }] = await manager.query<{ value: string }[]>(
      `SELECT envelope #>> $2::text[] AS value FROM federation_message WHERE id = $1`,
      [id, `{${path}}`],
    );
    const changed = (value[0] === 'A' ? 'B' : 'A') + value.slice(1);
    await manager.query(
      `UPDATE federation_message SET envelope = jsonb_set(envelope, $2::text[], to_jsonb($3::text)) WHERE id = $1`,
      [id, `{${path}}`, changed],
    );
  });
}

beforeAll(async () => {
  hub = await startHub({ jetStream: true });
  hubData = hub.app.get(DataSource);
  await hub.app.get(SearchRoutingBus).ready();
  await hub.app.get(HubHandoverBus).ready();
  for (const [laCode, name] of [
    [LA_A, 'Westminster'],
    [LA_B, 'Bolton'],
  ]) {
    nodes[laCode] = await startFederatedNode(hub, {
      laCode,
      laName: name,
      label: 'msglog',
      tokenKey: TOKEN_KEY,
      ready: HandoverBus,
    });
    await nodes[laCode].app.get(NodeSearchBus).ready();
  }

  // One cross-boundary search from A for a child held at B.
  const b = nodes[LA_B];
  const held = await createChildThroughApi(
    b.app,
    childRecordInput({
      givenName: 'Isadora',
      familyName: 'Quennell-Barrow',
      otherNames: [],
      dateOfBirth: '2013-05-17',
      nhsNumber: validNhsNumber(404),
      upn: validUpn(404),
      address: { line1: '2 Mill Row', town: 'Bolton', postcode: 'BL2 2AB' },
    }),
  );
  await indexedAtHub(hub, b, held);
  heldId = held;
  searchId = randomUUID();
  const search = await request(nodes[LA_A].app.getHttpServer())
    .post('/api/v1/federation/search')
    .set('authorization', await bearerFor(nodes[LA_A].app, 'practitioner'))
    .set('x-correlation-id', searchId)
    .send({
      givenName: 'Isadora',
      familyName: 'Quennell-Barrow',
      dateOfBirth: '2013-05-17',
      reason: 'safeguarding-concern',
    })
    .expect(200);
  expect((search.body as { federation: { answered: string[] } }).federation.answered).toEqual([LA_B]);

  // One handover of a child from A to B.
  const a = nodes[LA_A];
  const moving = await createChildThroughApi(a.app, movingChild(7));
  const started = await handoverCall(a.app, 'post', '', {
    childId: moving,
    toLaCode: LA_B,
    reasonCode: 'family-moved',
  });
  expect(started.status).toBe(201);
  handoverId = (started.body as { id: string }).id;
  await eventually(
    async () => (await localHandover(b.app, moving))?.state === 'awaiting-answer',
    'offer at B',
  );
  expect((await handoverCall(b.app, 'post', `/${handoverId}/accept`)).status).toBe(200);
  await eventually(async () => {
    const [row] = await hubData.query<{ state: string; pending: number }[]>(
      `SELECT h.state, (SELECT count(*)::int FROM handover_delivery d
                         WHERE d.handover_id = h.id AND d.delivered_at IS NULL AND d.voided_at IS NULL) AS pending
         FROM handover h WHERE h.id = $1`,
      [handoverId],
    );
    return row?.state === 'completed' && row.pending === 0;
  }, 'handover completed and delivered');
  await eventually(async () => (await localHandover(a.app, moving))?.state === 'completed', 'A completed');
  await eventually(async () => (await localHandover(b.app, moving))?.state === 'completed', 'B completed');
});

afterAll(async () => {
  await stopFederatedNodes(Object.values(nodes));
  await hub?.stop();
});

describe('the message log', () => {
  it('keeps every signed message of a cross-boundary search at A, the hub and B', async () => {
    expect(await logged(nodes[LA_A].data, searchId)).toEqual(
      sorted([
        `received search-answer ${LA_B}`,
        'received search-forward-reply hub',
        'received search-route-reply hub',
        `sent search-forward-request ${LA_A}`,
        `sent search-query-bundle ${LA_A}`,
        `sent search-route-request ${LA_A}`,
      ]),
    );
    expect(await logged(hubData, searchId)).toEqual(
      sorted([
        `received search-answer ${LA_B}`,
        `received search-forward-request ${LA_A}`,
        `received search-route-request ${LA_A}`,
        'sent search-forward-reply hub',
        'sent search-route-reply hub',
      ]),
    );
    expect(await logged(nodes[LA_B].data, searchId)).toEqual(
      sorted([`received search-query-bundle ${LA_A}`, `sent search-answer ${LA_B}`]),
    );
    // Sealed bodies stay sealed: the answer is kept as B signed it, ciphertext and all, at every party.
    const [answer] = await nodes[LA_B].data.query<{ envelope: { body: Record<string, unknown> } }[]>(
      `SELECT envelope FROM federation_message WHERE correlation_id = $1 AND type = 'search-answer'`,
      [searchId],
    );
    expect(Object.keys(answer.envelope.body).sort()).toEqual(
      expect.arrayContaining(['ciphertext', 'iv', 'recipientFingerprint', 'tag']),
    );
    expect(JSON.stringify(answer.envelope)).not.toContain('Quennell');
  });

  it('keeps every signed message of a handover at A, the hub and B', async () => {
    expect(await logged(nodes[LA_A].data, handoverId)).toEqual(
      sorted([
        'received handover-delivery hub',
        `received handover-receipt ${LA_B}`,
        `sent handover-delivery-ack ${LA_A}`,
        `sent handover-package ${LA_A}`,
        `sent handover-step ${LA_A}`,
      ]),
    );
    expect(await logged(hubData, handoverId)).toEqual(
      sorted([
        `received handover-delivery-ack ${LA_A}`,
        `received handover-delivery-ack ${LA_B}`,
        `received handover-step ${LA_A}`,
        `received handover-step ${LA_B}`,
        'sent handover-delivery hub',
      ]),
    );
    expect(await logged(nodes[LA_B].data, handoverId)).toEqual(
      sorted([
        'received handover-delivery hub',
        `received handover-package ${LA_A}`,
        `sent handover-delivery-ack ${LA_B}`,
        `sent handover-receipt ${LA_B}`,
        `sent handover-step ${LA_B}`,
      ]),
    );
    // Every step each node published reached the hub's log, signed by that node (start, package; accept, received).
    const steps = await hubData.query<{ kind: string }[]>(
      `SELECT envelope->'body'->>'kind' AS kind FROM federation_message
        WHERE correlation_id = $1 AND type = 'handover-step' ORDER BY 1`,
      [handoverId],
    );
    expect([...new Set(steps.map((step) => step.kind))]).toEqual(['accept', 'package', 'received', 'start']);
  });

  it("keeps the index event of the searched child's record at B and at the hub, the same signed message", async () => {
    const query = `SELECT envelope->>'nonce' AS nonce, direction FROM federation_message
        WHERE type = 'index-event' AND sender = $1 AND envelope->'body'->>'childId' = $2`;
    const atB = await nodes[LA_B].data.query<{ nonce: string; direction: string }[]>(query, [LA_B, heldId]);
    const atHub = await hubData.query<{ nonce: string; direction: string }[]>(query, [LA_B, heldId]);
    expect(atB.map((row) => row.direction)).toEqual(['sent']);
    expect(atHub.map((row) => row.direction)).toContain('received');
    expect(atHub.map((row) => row.nonce)).toContain(atB[0].nonce);
  });

  it('messages verify passes at A, the hub and B', async () => {
    for (const [party, app] of [
      ['node', nodes[LA_A].app],
      ['hub', hub.app],
      ['node', nodes[LA_B].app],
    ] as const) {
      const result = await verifyAt(party, app);
      expect(result.output).toMatch(/Message log: \d+ signed messages verified/);
      expect(result.code).toBe(0);
    }
  });

  it("refuses UPDATE, DELETE and TRUNCATE through the application's connection", async () => {
    for (const data of [nodes[LA_A].data, hubData, nodes[LA_B].data]) {
      const [{ id }] = await data.query<{ id: string }[]>(
        `SELECT min(id)::text AS id FROM federation_message`,
      );
      await expect(
        data.query(`UPDATE federation_message SET outcome = 'x' WHERE id = $1`, [id]),
      ).rejects.toThrow(/append-only/);
      await expect(data.query(`DELETE FROM federation_message WHERE id = $1`, [id])).rejects.toThrow(
        /append-only/,
      );
      await expect(data.query(`TRUNCATE federation_message`)).rejects.toThrow(/append-only/);
      await expect(data.query(`DELETE FROM message_certificate`)).rejects.toThrow(/append-only/);
      // The purge's own switch does not let a recent message go.
      await expect(
        data.transaction(async (manager) => {
          await manager.query(`SET LOCAL cp.message_log_purge = 'on'`);
          await manager.query(`DELETE FROM federation_message WHERE id = $1`, [id]);
        }),
      ).rejects.toThrow(/append-only/);
    }
  });

  it('purges only messages older than the retention', async () => {
    const [{ id }] = await hubData.query<{ id: string }[]>(
      `SELECT min(id)::text AS id FROM federation_message`,
    );
    const before = await hubData.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM federation_message`);
    await hubData.transaction(async (manager) => {
      await manager.query(`SET LOCAL session_replication_role = replica`);
      await manager.query(
        `UPDATE federation_message SET logged_at = now() - interval '3000 days' WHERE id = $1`,
        [id],
      );
    });
    expect(await hub.app.get(HubMessageLog).purge()).toBe(1);
    const after = await hubData.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM federation_message`);
    expect(after[0].n).toBe(before[0].n - 1);
    await expect(hubData.query(`SELECT purge_federation_messages(1)`)).rejects.toThrow(/at least 30 days/);
  });

  it('names the message when one byte of it was changed, at each party', async () => {
    const cases = [
      {
        party: 'node',
        data: nodes[LA_A].data,
        app: nodes[LA_A].app,
        type: 'search-route-request',
        path: 'nonce',
      },
      { party: 'hub', data: hubData, app: hub.app, type: 'handover-step', path: 'signature' },
      // A sealed body: one byte of the ciphertext as B signed it.
      {
        party: 'node',
        data: nodes[LA_B].data,
        app: nodes[LA_B].app,
        type: 'search-answer',
        path: 'body,ciphertext',
      },
    ] as const;
    for (const { party, data, app, type, path } of cases) {
      const [row] = await data.query<LogRow[]>(
        `SELECT id::text AS id, type, sender FROM federation_message
          WHERE correlation_id = ANY($1::text[]) AND type = $2 ORDER BY id LIMIT 1`,
        [[searchId, handoverId], type],
      );
      await tamper(data, row.id, path);
      const result = await verifyAt(party, app);
      expect(result.code).toBe(1);
      expect(result.output).toContain(
        `message ${row.id} (type ${type}, sender ${row.sender}) does not verify`,
      );
    }
  });
});
