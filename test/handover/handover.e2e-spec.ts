import { DataSource } from 'typeorm';
import { randomBytes, randomUUID } from 'node:crypto';
import request from 'supertest';
import { HUB_SETTINGS, type HubSettings } from '../../apps/hub/src/config/hub-settings';
import { HubHandoverBus } from '../../apps/hub/src/handover/hub-handover.bus';
import { HandoverBus } from '../../apps/node/src/handover/handover.bus';
import { bearerFor } from '../support/auth';
import { findPlaintextInDatabase } from '../support/database-plaintext';
import { hubRequest, issueOperator } from '../support/operator-https';
import { startFederatedNode, stopFederatedNodes, type RunningNode } from '../federation/federated-node';
import { startHub, type HubUnderTest } from '../federation/federation-stack';
import {
  comparable,
  createChild,
  eventually,
  handoverCall,
  localHandover,
  movingChild,
  viewAs,
} from './handover-support';

/**
 * A child moves area over the real path: the real hub and three real nodes (own PostgreSQL, own
 * certificates) over mutual-TLS NATS with JetStream. Happy path, refusal, a race of two receiving LAs,
 * a change during the handover, and cancellation.
 */
jest.setTimeout(120_000);

const TOKEN_KEY = randomBytes(32).toString('base64');
const LA_A = 'E09000033';
const LA_B = 'E08000025';
const LA_C = 'E06000001';

let hub: HubUnderTest;
let hubData: DataSource;
const nodes: Record<string, RunningNode> = {};

function startLa(laCode: string, name: string): Promise<RunningNode> {
  return startFederatedNode(hub, {
    laCode,
    laName: name,
    label: 'handover',
    tokenKey: TOKEN_KEY,
    ready: HandoverBus,
    settings: {
      LA_CONTACT_NAME: `${name} ContactPoint team`,
      LA_CONTACT_TELEPHONE: '0121 496 0000',
      LA_CONTACT_EMAIL: `contactpoint@${laCode.toLowerCase()}.example.gov.uk`,
    },
  });
}

async function hubHandover(id: string) {
  const [row] = await hubData.query<{ state: string; end_reason: string | null; correlation_id: string }[]>(
    `SELECT state, end_reason, correlation_id FROM handover WHERE id = $1`,
    [id],
  );
  return row;
}

/** Finished: the hub decided and every delivery was acknowledged. */
async function settled(id: string, state: string): Promise<void> {
  await eventually(async () => {
    const [row] = await hubData.query<{ state: string; pending: number }[]>(
      `SELECT h.state, (SELECT count(*)::int FROM handover_delivery d
                         WHERE d.handover_id = h.id AND d.delivered_at IS NULL AND d.voided_at IS NULL) AS pending
         FROM handover h WHERE h.id = $1`,
      [id],
    );
    return row?.state === state && row.pending === 0;
  }, `handover ${id} ${state} and delivered`);
}

beforeAll(async () => {
  hub = await startHub({ jetStream: true });
  hubData = hub.app.get(DataSource);
  await hub.app.get(HubHandoverBus).ready();
  nodes[LA_A] = await startLa(LA_A, 'Westminster');
  nodes[LA_B] = await startLa(LA_B, 'Birmingham');
  nodes[LA_C] = await startLa(LA_C, 'Hartlepool');
});

afterAll(async () => {
  await stopFederatedNodes(Object.values(nodes));
  await hub?.stop();
});

describe('a child moves area: handover of the record', () => {
  it("moves the record to B exactly as A held it: B's practitioners see A's services, A keeps a stub; the index points to B; one correlation id", async () => {
    const a = nodes[LA_A];
    const b = nodes[LA_B];
    const childId = await createChild(a.app, movingChild(1));
    const before = (await viewAs(a.app, childId)).body;
    const correlationId = randomUUID();

    const started = await handoverCall(
      a.app,
      'post',
      '',
      { childId, toLaCode: LA_B, reasonCode: 'family-moved' },
      correlationId,
    );
    expect(started.status).toBe(201);
    const handoverId = (started.body as { id: string }).id;
    expect(started.body).toMatchObject({ role: 'sender', step: 'started', toLaCode: LA_B, correlationId });

    // B is asked; its data manager accepts.
    await eventually(
      async () => (await localHandover(b.app, childId))?.state === 'awaiting-answer',
      'offer at B',
    );
    const listed = await handoverCall(b.app, 'get', '');
    expect(listed.body).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: handoverId, role: 'receiver', step: 'awaiting-answer' }),
      ]),
    );
    expect((await handoverCall(b.app, 'post', `/${handoverId}/accept`)).status).toBe(200);
    await settled(handoverId, 'completed');

    // B holds the record, equal field by field to what A held; A's involvements are marked as from A.
    const atB = (await viewAs(b.app, childId)).body;
    expect(comparable(atB)).toEqual(comparable(before));
    expect(atB).toMatchObject({ laCode: LA_B, movedOut: null });
    const involvements = atB.involvements as {
      fromLa: unknown;
      contact: unknown;
      practitionerName: string;
    }[];
    expect(involvements).toHaveLength(2);
    for (const involvement of involvements)
      expect(involvement.fromLa).toEqual({ laCode: LA_A, laName: 'Westminster' });
    expect(atB.leadProfessional).toMatchObject({
      practitionerName: 'Sam Patel',
      hasInformationToShare: true,
    });
    // A practitioner at B sees the old area's services and how to reach their practitioners.
    const practitionerAtB = (await viewAs(b.app, childId, 'practitioner')).body;
    expect(practitionerAtB.involvements).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          practitionerName: 'Sam Patel',
          contact: { telephone: '020 7946 0004', email: 'sam.patel@example.nhs.uk' },
          fromLa: { laCode: LA_A, laName: 'Westminster' },
        }),
      ]),
    );

    // A keeps a stub naming B and how to reach B; nothing else of the record.
    const atA = await viewAs(a.app, childId, 'practitioner');
    expect(atA.status).toBe(200);
    expect(atA.body.movedOut).toEqual({
      toLaCode: LA_B,
      toLaName: 'Birmingham',
      movedOn: new Date().toISOString().slice(0, 10),
      contact: {
        name: 'Birmingham ContactPoint team',
        telephone: '0121 496 0000',
        email: `contactpoint@${LA_B.toLowerCase()}.example.gov.uk`,
      },
    });
    expect(atA.body).toMatchObject({
      involvements: [],
      carers: [],
      educationalSetting: null,
      gpPractice: null,
    });
    expect((atA.body.child as { nhsNumber: unknown }).nhsNumber).toBeNull();
    // The stub is not found as a live record at A.
    const search = await request(a.app.getHttpServer())
      .get('/api/v1/search')
      .query({ familyName: 'Movewell-1', givenName: 'Rosalindb', reason: 'providing-a-service' })
      .set('authorization', await bearerFor(a.app, 'practitioner'));
    expect(search.status).toBe(200);
    expect(JSON.stringify(search.body)).not.toContain(childId);
    // And it cannot be changed at A any more.
    const change = await request(a.app.getHttpServer())
      .post(`/api/v1/children/${childId}/involvements`)
      .set('authorization', await bearerFor(a.app, 'data-manager'))
      .send({
        practitionerName: 'Late Entry',
        role: 'Social worker',
        organisation: 'Westminster',
        serviceType: 'early-help',
        contact: { telephone: '020 7946 0999' },
        startDate: '2025-01-01',
      });
    expect(change.status).toBe(409);
    expect(JSON.stringify(change.body)).toContain('movedOut');

    // The hub's index points to B (A's entry is a tombstone).
    await eventually(async () => {
      const rows = await hubData.query<{ la_code: string; deleted: boolean }[]>(
        `SELECT la_code, deleted FROM locator_entry WHERE child_id = $1 ORDER BY la_code`,
        [childId],
      );
      const live = rows.filter((row) => !row.deleted).map((row) => row.la_code);
      return live.length === 1 && live[0] === LA_B;
    }, 'index pointing to B');

    // One correlation id at A, B and the hub.
    expect((await hubHandover(handoverId)).correlation_id).toBe(correlationId);
    for (const node of [a, b]) {
      const entries = await node.data.query<{ action: string }[]>(
        `SELECT action FROM audit_entry WHERE correlation_id = $1 AND child_id = $2`,
        [correlationId, childId],
      );
      expect(entries.length).toBeGreaterThanOrEqual(2);
      expect(entries.map((entry) => entry.action)).toContain('handover.step');
    }
    // The hub never held anything readable of the child.
    const plaintext = await findPlaintextInDatabase(hub.app.get<HubSettings>(HUB_SETTINGS).DATABASE_URL, [
      'Movewell-1',
      'Rosalindb',
      '1 Old Road',
      'Jane Thornbury',
    ]);
    expect(plaintext).toEqual([]);
  });

  it('B asks for a child the index found at A; A refuses (not the same child): B is told why, A keeps its record as it was', async () => {
    const a = nodes[LA_A];
    const b = nodes[LA_B];
    const childId = await createChild(a.app, movingChild(2));
    const before = (await viewAs(a.app, childId)).body;
    const asked = await handoverCall(b.app, 'post', '/requests', {
      childId,
      fromLaCode: LA_A,
      reasonCode: 'family-moved',
      sameChildConfirmed: true,
    });
    expect(asked.status).toBe(201);
    const handoverId = (asked.body as { id: string }).id;
    await eventually(
      async () => (await localHandover(a.app, childId))?.state === 'awaiting-answer',
      'request at A',
    );

    // A change at A while the handover is in flight is refused, naming handoverInProgress, and changes nothing.
    const change = await request(a.app.getHttpServer())
      .put(`/api/v1/children/${childId}/lead-professional`)
      .set('authorization', await bearerFor(a.app, 'data-manager'))
      .send({ involvementId: (before.involvements as { id: string }[])[0].id });
    expect(change.status).toBe(409);
    expect(change.body).toMatchObject({ statusCode: 409 });
    expect(JSON.stringify(change.body)).toContain('handoverInProgress');

    const refused = await handoverCall(a.app, 'post', `/${handoverId}/refuse`, {
      reasonCode: 'not-the-same-child',
    });
    expect(refused.status).toBe(200);
    await settled(handoverId, 'refused');
    expect((await hubHandover(handoverId)).end_reason).toBe('not-the-same-child');
    await eventually(async () => {
      const row = await localHandover(b.app, childId);
      return row?.state === 'ended' && row.end_reason === 'not-the-same-child';
    }, 'B told why');
    const after = (await viewAs(a.app, childId)).body;
    expect(after).toEqual({ ...before, updatedAt: after.updatedAt });
    expect((await viewAs(b.app, childId)).status).toBe(404);
    // A's record is writable again.
    const writable = await request(a.app.getHttpServer())
      .put(`/api/v1/children/${childId}/lead-professional`)
      .set('authorization', await bearerFor(a.app, 'data-manager'))
      .send({
        involvementId: (before.involvements as { id: string; isLeadProfessional: boolean }[]).find(
          (i) => i.isLeadProfessional,
        )?.id,
      });
    expect(writable.status).toBe(200);
  });

  it('two LAs ask for one child at once: one wins, the other is told a handover is in progress; the winner completes', async () => {
    const a = nodes[LA_A];
    const childId = await createChild(a.app, movingChild(3));
    const ask = (node: RunningNode) =>
      handoverCall(node.app, 'post', '/requests', {
        childId,
        fromLaCode: LA_A,
        reasonCode: 'placed-in-other-area',
        sameChildConfirmed: true,
      });
    const [fromB, fromC] = await Promise.all([ask(nodes[LA_B]), ask(nodes[LA_C])]);
    expect([fromB.status, fromC.status]).toEqual([201, 201]);
    const ids = { [LA_B]: (fromB.body as { id: string }).id, [LA_C]: (fromC.body as { id: string }).id };
    const states = await eventually(async () => {
      const rows = await hubData.query<{ id: string; state: string; end_reason: string | null }[]>(
        `SELECT id, state, end_reason FROM handover WHERE child_id = $1`,
        [childId],
      );
      return rows.length === 2 ? rows : undefined;
    }, 'both requests at the hub');
    const winner = states.find((row) => row.state === 'requested');
    const loser = states.find((row) => row.state === 'refused');
    expect(winner).toBeDefined();
    expect(loser?.end_reason).toBe('handover-in-progress');
    const loserLa = loser?.id === ids[LA_B] ? LA_B : LA_C;
    const winnerLa = loserLa === LA_B ? LA_C : LA_B;
    await eventually(async () => {
      const row = await localHandover(nodes[loserLa].app, childId);
      return row?.state === 'ended' && row.end_reason === 'handover-in-progress';
    }, 'the loser told why');
    await eventually(
      async () => (await localHandover(a.app, childId))?.state === 'awaiting-answer',
      'A asked once',
    );
    expect((await handoverCall(a.app, 'post', `/${winner?.id}/accept`)).status).toBe(200);
    await settled(winner?.id ?? '', 'completed');
    expect((await viewAs(nodes[winnerLa].app, childId)).status).toBe(200);
    expect((await viewAs(nodes[loserLa].app, childId)).status).toBe(404);
    expect((await viewAs(a.app, childId)).body.movedOut).toMatchObject({ toLaCode: winnerLa });
  });

  it('A cancels a handover in flight: the record stays at A as it was, B holds nothing', async () => {
    const a = nodes[LA_A];
    const b = nodes[LA_B];
    const childId = await createChild(a.app, movingChild(4));
    const before = (await viewAs(a.app, childId)).body;
    const started = await handoverCall(a.app, 'post', '', {
      childId,
      toLaCode: LA_B,
      reasonCode: 'moved-to-live-with-relative',
    });
    const handoverId = (started.body as { id: string }).id;
    // A second handover of the same child is refused at A while this one is open.
    const again = await handoverCall(a.app, 'post', '', {
      childId,
      toLaCode: LA_C,
      reasonCode: 'family-moved',
    });
    expect(again.status).toBe(409);
    expect(JSON.stringify(again.body)).toContain('handoverInProgress');
    await eventually(
      async () => (await localHandover(b.app, childId))?.state === 'awaiting-answer',
      'offer at B',
    );
    expect(
      (await handoverCall(a.app, 'post', `/${handoverId}/cancel`, { reasonCode: 'move-did-not-happen' }))
        .status,
    ).toBe(200);
    await settled(handoverId, 'cancelled');
    await eventually(async () => (await localHandover(a.app, childId))?.state === 'ended', 'A ended');
    const after = (await viewAs(a.app, childId)).body;
    expect(after).toEqual({ ...before, updatedAt: after.updatedAt });
    expect((await localHandover(b.app, childId)).state).toBe('ended');
    // B's data manager can no longer accept it.
    expect((await handoverCall(b.app, 'post', `/${handoverId}/accept`)).status).toBe(409);
  });

  it('shielding, indicators and the lead professional travel: B shows the shielded view to practitioners, the whole record to its shielding officer', async () => {
    const a = nodes[LA_A];
    const b = nodes[LA_B];
    const childId = await createChild(a.app, movingChild(5));
    const shielded = await request(a.app.getHttpServer())
      .post(`/api/v1/children/${childId}/shield`)
      .set('authorization', await bearerFor(a.app, 'shielding-officer'))
      .send({ reasonCode: 'refuge-or-domestic-abuse' });
    expect([200, 201]).toContain(shielded.status);
    const before = (await viewAs(a.app, childId, 'shielding-officer')).body;
    const started = await handoverCall(a.app, 'post', '', {
      childId,
      toLaCode: LA_B,
      reasonCode: 'family-moved',
    });
    const handoverId = (started.body as { id: string }).id;
    await eventually(
      async () => (await localHandover(b.app, childId))?.state === 'awaiting-answer',
      'offer at B',
    );
    await handoverCall(b.app, 'post', `/${handoverId}/accept`);
    await settled(handoverId, 'completed');
    const full = (await viewAs(b.app, childId, 'shielding-officer')).body;
    expect(comparable(full)).toEqual(comparable(before));
    expect(full).toMatchObject({ shielded: true, shielding: { reasonCode: 'refuge-or-domestic-abuse' } });
    const practitionerAtB = (await viewAs(b.app, childId, 'practitioner')).body;
    expect(practitionerAtB).toMatchObject({ shielded: true, shieldingTeam: expect.any(Object) });
    expect(practitionerAtB.involvements).toBeUndefined();
    // At A, the stub of a shielded child does not tell a practitioner where the child went.
    const stubForPractitioner = (await viewAs(a.app, childId, 'practitioner')).body;
    expect(stubForPractitioner.movedOut).toBeUndefined();
    expect(JSON.stringify(stubForPractitioner)).not.toContain(LA_B);
  });

  it('hub operators list handovers in flight and stuck with their step, retry one and abort one (the record stays at A)', async () => {
    const a = nodes[LA_A];
    const b = nodes[LA_B];
    const operator = await issueOperator(hub, 'handover-operator');
    const call = (path: string, method = 'GET') =>
      hubRequest(`${hub.url}/api/v1/handovers${path}`, {
        caCertificatePem: hub.caCertificatePem,
        identity: operator.identity,
        method,
      });
    const childId = await createChild(a.app, movingChild(6));
    const before = (await viewAs(a.app, childId)).body;
    const started = await handoverCall(a.app, 'post', '', {
      childId,
      toLaCode: LA_B,
      reasonCode: 'family-moved',
    });
    const handoverId = (started.body as { id: string }).id;
    await eventually(
      async () => (await localHandover(b.app, childId))?.state === 'awaiting-answer',
      'offer at B',
    );
    await settled(handoverId, 'requested');

    const noCertificate = await hubRequest(`${hub.url}/api/v1/handovers`, {
      caCertificatePem: hub.caCertificatePem,
    });
    expect(noCertificate.status).toBe(401);
    const inFlight = await call('?state=in-flight');
    expect(inFlight.status).toBe(200);
    const listed =
      inFlight.json<{ id: string; step: string; fromLa: string; toLa: string; stuck: boolean }[]>();
    expect(listed).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          id: handoverId,
          step: 'requested',
          fromLa: LA_A,
          toLa: LA_B,
          stuck: false,
        }),
      ]),
    );
    expect(JSON.stringify(listed)).not.toMatch(/Movewell|Rosalind/);
    expect((await call('?state=stuck')).json<{ id: string }[]>().map((row) => row.id)).not.toContain(
      handoverId,
    );
    // Waiting an hour at its step, it is stuck.
    await hubData.query(`UPDATE handover SET step_at = now() - interval '1 hour' WHERE id = $1`, [
      handoverId,
    ]);
    const stuck = (await call('?state=stuck')).json<{ id: string; stuck: boolean; step: string }[]>();
    expect(stuck).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: handoverId, stuck: true, step: 'requested' })]),
    );
    expect((await call('?state=everything')).status).toBe(400);

    const retried = await call(`/${handoverId}/retry`, 'POST');
    expect(retried.status).toBe(202);
    expect(retried.json()).toEqual({ id: handoverId, requeued: 1 });
    await settled(handoverId, 'requested');
    expect((await localHandover(b.app, childId)).state).toBe('awaiting-answer');

    const aborted = await call(`/${handoverId}/abort`, 'POST');
    expect(aborted.status).toBe(200);
    expect(aborted.json()).toEqual({ id: handoverId, step: 'aborted', applied: true });
    await settled(handoverId, 'aborted');
    await eventually(async () => (await localHandover(a.app, childId))?.state === 'ended', 'A told');
    const after = (await viewAs(a.app, childId)).body;
    expect(after).toEqual({ ...before, updatedAt: after.updatedAt });
    expect((await call(`/${randomUUID()}/abort`, 'POST')).status).toBe(404);
    // Who did it, by certificate, written with each action; the record cannot be changed afterwards.
    const actions = await hubData.query<{ operator_name: string; action: string; outcome: string }[]>(
      `SELECT operator_name, action, outcome FROM operator_action WHERE handover_id = $1 ORDER BY id`,
      [handoverId],
    );
    expect(actions).toEqual([
      { operator_name: 'handover-operator', action: 'handover-retry', outcome: 'requested' },
      { operator_name: 'handover-operator', action: 'handover-abort', outcome: 'aborted' },
    ]);
    await expect(
      hubData.query(`DELETE FROM operator_action WHERE handover_id = $1`, [handoverId]),
    ).rejects.toThrow(/append-only/);
  });

  it('a child who moves back is handed back: A holds the record again in place of its stub, B keeps a stub', async () => {
    const a = nodes[LA_A];
    const b = nodes[LA_B];
    const childId = await createChild(a.app, movingChild(7));
    const original = (await viewAs(a.app, childId)).body;
    const move = async (from: RunningNode, to: RunningNode) => {
      const started = await handoverCall(from.app, 'post', '', {
        childId,
        toLaCode: to.laCode,
        reasonCode: 'family-moved',
      });
      expect(started.status).toBe(201);
      const id = (started.body as { id: string }).id;
      await eventually(
        async () => (await localHandover(to.app, childId))?.state === 'awaiting-answer',
        'offer',
      );
      expect((await handoverCall(to.app, 'post', `/${id}/accept`)).status).toBe(200);
      await settled(id, 'completed');
    };
    await move(a, b);
    await move(b, a);
    const back = (await viewAs(a.app, childId)).body;
    expect(back.movedOut).toBeNull();
    expect(comparable(back)).toEqual(comparable(original));
    // Services delivered in A are A's own again: no fromLa marker.
    for (const involvement of back.involvements as { fromLa: unknown }[])
      expect(involvement.fromLa).toBeNull();
    expect((await viewAs(b.app, childId)).body.movedOut).toMatchObject({
      toLaCode: LA_A,
      toLaName: 'Westminster',
    });
    await eventually(async () => {
      const rows = await hubData.query<{ la_code: string }[]>(
        `SELECT la_code FROM locator_entry WHERE child_id = $1 AND NOT deleted`,
        [childId],
      );
      return rows.length === 1 && rows[0].la_code === LA_A;
    }, 'index pointing to A again');
  });
});
