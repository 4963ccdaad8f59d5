import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { mkdtempSync, rmSync } from 'node:fs';
import { randomBytes, randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FederationHealthService } from '../../apps/hub/src/operations/federation-health/federation-health.service';
import type { FederationOverview } from '../../apps/hub/src/operations/federation-health/federation-health.service';
import { HubIndexBus } from '../../apps/hub/src/locator-index/hub-index-bus';
import { HubMetricsService } from '../../apps/hub/src/metrics/hub-metrics.service';
import { RevocationService } from '../../apps/hub/src/trust/revocation/revocation.service';
import { FederationCertificateStore } from '../../apps/node/src/federation/certificate-store';
import { IndexEvents } from '../../apps/node/src/record-store/index-events';
import { startNodeApp } from '../support/node-app';
import { eventually } from '../support/eventually';
import { hubRequest, issueOperator, type ClientIdentity } from '../support/operator-https';
import { createTestDatabase } from '../support/test-database';
import { enrol, startHub, type HubUnderTest } from './federation-stack';

/**
 * The hub's operations API, /metrics and health over real HTTPS with client certificates: a real hub
 * (JetStream), a real node feeding its index, an operator certificate issued as operator:certificate does.
 */
jest.setTimeout(120_000);

const LA = 'E09000033';

let hub: HubUnderTest;
let node: NestFastifyApplication;
let nodeDatabase: { url: string; drop: () => Promise<void> };
let nodeDir: string;
let operator: ClientIdentity & { pfx: Buffer };
let operatorSerial: string;
let laIdentity: ClientIdentity;

function get(path: string, identity: ClientIdentity = operator) {
  return hubRequest(`${hub.url}${path}`, { caCertificatePem: hub.caCertificatePem, identity });
}

beforeAll(async () => {
  hub = await startHub({
    jetStream: true,
    settings: { NODE_LATE_AFTER_SECONDS: 30, NODE_DOWN_AFTER_SECONDS: 60 },
  });
  const issued = await issueOperator(hub, 'ops-test');
  operator = issued.identity;
  operatorSerial = issued.serial;
  nodeDir = mkdtempSync(join(tmpdir(), 'cp-node-ops-'));
  await enrol(hub, LA, nodeDir);
  const la = new FederationCertificateStore(nodeDir).load(LA);
  laIdentity = { cert: la.certificatePem, key: la.privateKeyPem };
  nodeDatabase = await createTestDatabase('cp_node_ops');
  node = await startNodeApp({
    DATABASE_URL: nodeDatabase.url,
    NODE_LA_CODE: LA,
    FEDERATION_DIR: nodeDir,
    NATS_URL: hub.nats.url,
    FEDERATION_TOKEN_KEY: randomBytes(32).toString('base64'),
  });
  const outbox = node.get(IndexEvents);
  await node.get(DataSource).transaction((manager) =>
    outbox.enqueue(manager, {
      childId: randomUUID(),
      version: 1,
      operation: 'upsert',
      shielded: false,
      person: { givenName: 'Ottoline', familyName: 'Brackenbury', dateOfBirth: '2015-04-05' },
    }),
  );
});

afterAll(async () => {
  await node?.close();
  await hub?.stop();
  await nodeDatabase?.drop();
  if (nodeDir) rmSync(nodeDir, { recursive: true, force: true });
});

describe('operations API', () => {
  it('shows the node up once its index feed arrives, with its certificate, index and search figures', async () => {
    const overview = await eventually(
      async () => {
        const answer = await get('/api/v1/operations/overview');
        expect(answer.status).toBe(200);
        const body = answer.json<FederationOverview>();
        return body.nodes.find((n) => n.laCode === LA && n.state === 'up') ? body : undefined;
      },
      'the node to be up',
      20_000,
      200,
    );
    const la = overview.nodes.find((n) => n.laCode === LA)!;
    expect(la.index.entries).toBe(1);
    expect(la.index.lastSyncAt).not.toBeNull();
    expect(la.certificate).toMatchObject({ state: 'valid', serial: expect.stringMatching(/^[0-9a-f]+$/) });
    expect(la.certificate.daysLeft).toBeGreaterThan(50);
    expect(overview.counts).toEqual({ up: 1, late: 0, down: 0 });
    expect(overview.bus.indexFeedConnected).toBe(true);
    expect(overview.handovers).toEqual({ available: true, inFlight: 0, stuck: 0, items: [] });
    expect(overview.thresholds).toEqual({
      lateAfterSeconds: 30,
      downAfterSeconds: 60,
      certificateWarningDays: 14,
    });
  });

  it('a silent node turns late, then down, by the thresholds', async () => {
    const health = hub.app.get(FederationHealthService);
    const stateAt = async (secondsAhead: number) =>
      (await health.nodes(new Date(Date.now() + secondsAhead * 1000))).find((n) => n.laCode === LA)?.state;
    expect(await stateAt(31)).toBe('late');
    expect(await stateAt(61)).toBe('down');
  });

  it('computes traffic, p50/p99 latency and errors per minute from the routing log', async () => {
    const data = hub.app.get(DataSource);
    const now = Date.now();
    // 100 forwarded searches 1..100 ms two minutes ago, two of them with an unanswered LA; one open route.
    for (let ms = 1; ms <= 100; ms++) {
      await data.query(
        `INSERT INTO search_routing_log (route_id, correlation_id, from_la, to_las, answered_las, unanswered_las,
                                          index_entries, outcome, received_at, lookup_ms, forward_ms, forwarded_at)
         VALUES ($1, $2, 'E08000025', ARRAY[$3], $4, $5, 1, 'forwarded', $6, 0, $7, $6)`,
        [
          randomUUID(),
          randomUUID(),
          LA,
          ms <= 98 ? [LA] : [],
          ms <= 98 ? [] : [`${LA}:deadline`],
          new Date(now - 120_000),
          ms,
        ],
      );
    }
    await data.query(
      `INSERT INTO search_routing_log (route_id, correlation_id, from_la, to_las, index_entries, outcome,
                                       received_at, lookup_ms)
       VALUES ($1, $2, 'E08000025', ARRAY['${LA}'], 1, 'routed', $3, 2)`,
      [randomUUID(), randomUUID(), new Date(now - 120_000)],
    );
    const answer = await get('/api/v1/operations/traffic?minutes=10');
    expect(answer.status).toBe(200);
    const body = answer.json<{
      summary: { searches: number; errors: number; errorRate: number; p50Ms: number; p99Ms: number };
      minutes: { minute: string; searches: number; errors: number; p50Ms: number | null }[];
    }>();
    expect(body.minutes).toHaveLength(10);
    expect(body.summary).toMatchObject({ searches: 101, errors: 2, p50Ms: 50.5, p99Ms: 99 });
    expect(body.summary.errorRate).toBeCloseTo(2 / 101, 4);
    const busy = body.minutes.filter((minute) => minute.searches > 0);
    expect(busy).toEqual([expect.objectContaining({ searches: 101, errors: 2, p50Ms: 50.5 })]);
    expect(body.minutes.filter((minute) => minute.searches === 0).every((m) => m.p50Ms === null)).toBe(true);

    const overview = (await get('/api/v1/operations/overview')).json<FederationOverview>();
    expect(overview.nodes.find((n) => n.laCode === LA)?.search).toEqual({
      routed: 100,
      unanswered: 2,
      rateLimited: 0,
    });
    expect((await get('/api/v1/operations/traffic?minutes=2')).status).toBe(400);
  });

  it('lists handovers in flight from the saga, and which are stuck', async () => {
    const data = hub.app.get(DataSource);
    const [moving, stuck] = [randomUUID(), randomUUID()];
    for (const [id, stepAt] of [
      [moving, new Date()],
      [stuck, new Date(Date.now() - 3600_000)],
    ] as const) {
      await data.query(
        `INSERT INTO handover (id, child_id, from_la, to_la, initiated_by, reason_code, state, correlation_id,
                               created_at, step_at)
         VALUES ($1, $2, $3, 'E08000025', 'sender', 'family-moved', 'requested', $4, $5, $5)`,
        [id, randomUUID(), LA, randomUUID(), stepAt],
      );
    }
    const overview = (await get('/api/v1/operations/overview')).json<FederationOverview>();
    expect(overview.handovers).toMatchObject({ available: true, inFlight: 2, stuck: 1 });
    expect(overview.handovers.items).toEqual([
      expect.objectContaining({ id: stuck, fromLa: LA, toLa: 'E08000025', state: 'requested', stuck: true }),
      expect.objectContaining({ id: moving, stuck: false }),
    ]);
    const metrics = (await get('/metrics')).text;
    expect(metrics).toContain('cp_hub_handovers_in_flight 2');
    expect(metrics).toContain('cp_hub_handovers_stuck 1');
    await data.query(`DELETE FROM handover WHERE id = ANY($1::uuid[])`, [[moving, stuck]]);
  });

  it('refuses a request without an operator certificate, and an LA certificate', async () => {
    for (const path of ['/api/v1/operations/overview', '/api/v1/operations/traffic']) {
      expect((await get(path, {})).status).toBe(401);
      expect((await get(path, laIdentity)).status).toBe(403);
    }
    const injected = await hub.app.inject({ method: 'GET', url: '/api/v1/operations/overview' });
    expect(injected.statusCode).toBe(401);
  });

  it('a revoked operator certificate is refused from the next request, and listed as revoked', async () => {
    expect((await get('/api/v1/operations/overview')).status).toBe(200);
    await hub.app.get(RevocationService).revoke(operatorSerial, 'key-compromise');
    const refused = await get('/api/v1/operations/overview');
    expect(refused.status).toBe(401);
    expect(refused.json()).toMatchObject({ message: expect.stringMatching(/revoked/) });
    const other = await issueOperator(hub, 'ops-second');
    const overview = (await get('/api/v1/operations/overview', other.identity)).json<FederationOverview>();
    expect(overview.revoked).toEqual([
      expect.objectContaining({
        serial: operatorSerial,
        subject: 'operator:ops-test',
        reason: 'key-compromise',
      }),
    ]);
    // The operator's certificate never became a bus user.
    const config = await import('node:fs').then((fs) => fs.readFileSync(hub.nats.configFile, 'utf8'));
    expect(config).not.toMatch(/operator/);
    expect(config).toContain(`OU=${LA}`);
    operator = other.identity;
  });
});

describe('metrics and health', () => {
  it('/metrics gives the console figures to an operator certificate, with no personal data', async () => {
    expect((await get('/metrics', {})).status).toBe(401);
    expect((await get('/metrics', laIdentity)).status).toBe(403);
    const answer = await get('/metrics');
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = answer.text;
    expect(text).toContain(`cp_hub_node_state{la="${LA}",state="up"} 1`);
    expect(text).toContain(`cp_hub_node_state{la="${LA}",state="down"} 0`);
    expect(text).toContain(`cp_hub_index_entries{la="${LA}"} 1`);
    expect(text).toMatch(new RegExp(`cp_hub_index_lag_seconds\\{la="${LA}"\\} [0-9.]+`));
    expect(text).toMatch(new RegExp(`cp_hub_certificate_days_left\\{la="${LA}"\\} (59|60)`));
    expect(text).toContain(`cp_hub_certificate_expiring{la="${LA}"} 0`);
    expect(text).toContain('cp_hub_revoked_certificates 1');
    expect(text).toContain('cp_hub_handovers_in_flight 0');
    expect(text).toContain('cp_hub_search_routes_total{outcome="answered"} 0');
    expect(text).toContain('process_cpu_user_seconds_total');
    for (const personal of ['Ottoline', 'Brackenbury', '2015-04-05']) expect(text).not.toContain(personal);
  });

  it('counts searches by outcome and their durations once they have settled', async () => {
    const data = hub.app.get(DataSource);
    const now = Date.now();
    for (const [ms, unanswered] of [
      [40, []],
      [80, []],
      [3000, [`${LA}:deadline`]],
    ] as const) {
      await data.query(
        `INSERT INTO search_routing_log (route_id, correlation_id, from_la, to_las, unanswered_las, index_entries,
                                          outcome, received_at, lookup_ms, forward_ms, forwarded_at)
         VALUES ($1, $2, 'E08000025', ARRAY['${LA}'], $3, 1, 'forwarded', $4, 5, $5, $4)`,
        [randomUUID(), randomUUID(), unanswered, new Date(now), ms],
      );
    }
    const metrics = hub.app.get(HubMetricsService);
    // Not yet settled (an answer deadline might still be running): not counted.
    expect(await metrics.render(new Date(now + 1000))).toContain(
      'cp_hub_search_routes_total{outcome="answered"} 0',
    );
    const text = await metrics.render(new Date(now + 10_000));
    expect(text).toContain('cp_hub_search_routes_total{outcome="answered"} 2');
    expect(text).toContain('cp_hub_search_routes_total{outcome="partial"} 1');
    expect(text).toContain('cp_hub_search_duration_seconds_count 3');
    expect(text).toContain('cp_hub_search_duration_seconds_bucket{le="0.1"} 2');
    // Read once: a later scrape does not count them again.
    expect(await metrics.render(new Date(now + 20_000))).toContain(
      'cp_hub_search_routes_total{outcome="answered"} 2',
    );
  });

  it('liveness and readiness: ready while the database and nats-server answer, not once the index feed loses the bus', async () => {
    expect((await get('/health/live', {})).json()).toEqual({ status: 'ok' });
    const ready = await get('/health/ready', {});
    expect(ready.status).toBe(200);
    expect(ready.json()).toMatchObject({
      status: 'ok',
      info: {
        database: { status: 'up' },
        bus: {
          status: 'up',
          links: [
            expect.objectContaining({ name: 'federation-transport', state: 'connected' }),
            expect.objectContaining({ name: 'index-feed', state: 'connected' }),
          ],
        },
      },
    });
    // The index feed loses its bus connection (as when nats-server drops it): the hub is not ready.
    await hub.app.get(HubIndexBus).detach();
    const notReady = await get('/health/ready', {});
    expect(notReady.status).toBe(503);
    expect(notReady.json()).toMatchObject({
      status: 'error',
      message: 'Not ready: bus down',
      error: {
        bus: {
          status: 'down',
          links: expect.arrayContaining([{ name: 'index-feed', state: 'not-connected' }]),
        },
      },
      info: { database: { status: 'up' } },
    });
  });
});
