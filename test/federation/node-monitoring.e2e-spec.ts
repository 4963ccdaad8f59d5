import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { randomBytes, X509Certificate } from 'node:crypto';
import { join } from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { certificateFingerprint } from '@cp/pki';
import { NodeSearchBus } from '../../apps/node/src/cross-boundary-search/node-search-bus';
import { bearerFor } from '../support/auth';
import { childRecordInput, createChildThroughApi, validNhsNumber, validUpn } from '../support/child-records';
import { eventually } from '../support/eventually';
import { parseExposition, valueOf, type Sample } from '../support/prometheus';
import { startNodeApp } from '../support/node-app';
import { createTestDatabase } from '../support/test-database';
import { startHub, type HubUnderTest } from './federation-stack';
import { indexedAtHub, startFederatedNode, stopFederatedNodes, type RunningNode } from './federated-node';

/**
 * The node's machine-facing monitoring over the real federation: the real hub and nodes (their own
 * PostgreSQL and certificates) over mutual-TLS NATS with JetStream.
 */
jest.setTimeout(180_000);

const TOKEN_KEY = randomBytes(32).toString('base64');
const LA_A = 'E09000033';
const LA_B = 'E08000003';
const DAY_MS = 24 * 3600_000;

let hub: HubUnderTest;
const nodes: Record<string, RunningNode> = {};
/** The nats-server this test started again after stopping the stack's own. */
let restartedNats: ChildProcess | undefined;

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Stops the stack's nats-server (SIGTERM) and waits until it has exited; its files stay for a restart. */
async function stopNats(): Promise<void> {
  process.kill(hub.nats.pid, 'SIGTERM');
  await eventually(() => Promise.resolve(!isRunning(hub.nats.pid)), 'nats-server to exit');
}

/** Starts nats-server again from the same configuration (same port, users and JetStream store). */
async function restartNats(): Promise<void> {
  const child = spawn('nats-server', ['-c', hub.nats.configFile], { stdio: ['ignore', 'pipe', 'pipe'] });
  restartedNats = child;
  await new Promise<void>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`nats-server did not restart:\n${output}`)), 15_000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      if (/Server is ready/.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
  });
}

function startLa(laCode: string): Promise<RunningNode> {
  return startFederatedNode(hub, {
    laCode,
    laName: `LA ${laCode}`,
    label: 'monitoring',
    tokenKey: TOKEN_KEY,
    ready: NodeSearchBus,
  });
}

async function scrape(node: RunningNode): Promise<Sample[]> {
  const response = await request(node.app.getHttpServer()).get('/metrics').expect(200);
  return parseExposition(response.text);
}

beforeAll(async () => {
  hub = await startHub({ jetStream: true });
  for (const laCode of [LA_A, LA_B]) nodes[laCode] = await startLa(laCode);
});

afterAll(async () => {
  await stopFederatedNodes(Object.values(nodes));
  // The hub closes its connections while the restarted nats-server still runs, then that server stops.
  await hub?.stop();
  if (restartedNats && restartedNats.exitCode === null && restartedNats.signalCode === null) {
    const exited = new Promise((resolve) => restartedNats?.once('exit', resolve));
    restartedNats.kill('SIGTERM');
    await exited;
  }
});

describe('GET /api/v1/federation/certificate', () => {
  it("describes an enrolled node's certificate to its administrators", async () => {
    const node = nodes[LA_A];
    const response = await request(node.app.getHttpServer())
      .get('/api/v1/federation/certificate')
      .set('authorization', await bearerFor(node.app, 'node-administrator'))
      .expect(200);
    const pem = readFileSync(join(node.dir, 'node.crt'), 'utf8');
    const body = response.body as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(
      [
        'daysLeft',
        'enrolled',
        'expiryWarning',
        'fingerprint',
        'laCode',
        'notAfter',
        'notBefore',
        'serialNumber',
      ].sort(),
    );
    expect(body).toMatchObject({
      enrolled: true,
      laCode: LA_A,
      fingerprint: certificateFingerprint(pem),
      expiryWarning: false,
    });
    // The hub issues LA certificates for 60 days by default.
    const notAfter = new Date(String(body.notAfter));
    expect(body.daysLeft).toBe(Math.floor((notAfter.getTime() - Date.now()) / DAY_MS));
    expect(body.daysLeft).toBeGreaterThanOrEqual(58);
    expect(body.daysLeft).toBeLessThanOrEqual(60);
    expect(new Date(String(body.notBefore)).getTime()).toBeLessThan(Date.now());
    const issued = await hub.app
      .get(DataSource)
      .query<{ subject: string; fingerprint: string }[]>(
        `SELECT subject, fingerprint FROM issued_certificate WHERE serial = $1`,
        [body.serialNumber],
      );
    expect(issued).toEqual([{ subject: LA_A, fingerprint: body.fingerprint }]);
  });

  it('refuses every role but node-administrator', async () => {
    const node = nodes[LA_A];
    for (const role of ['practitioner', 'auditor', 'data-manager'] as const) {
      const response = await request(node.app.getHttpServer())
        .get('/api/v1/federation/certificate')
        .set('authorization', await bearerFor(node.app, role))
        .expect(403);
      expect(JSON.stringify(response.body)).not.toContain('fingerprint');
    }
    await request(node.app.getHttpServer()).get('/api/v1/federation/certificate').expect(401);
  });

  it('says a node without federation is not enrolled', async () => {
    const database = await createTestDatabase('cp_node_monitoring_local');
    const app = await startNodeApp({ DATABASE_URL: database.url });
    try {
      const response = await request(app.getHttpServer())
        .get('/api/v1/federation/certificate')
        .set('authorization', await bearerFor(app, 'node-administrator'))
        .expect(200);
      expect(response.body).toEqual({
        enrolled: false,
        laCode: 'E09000033',
        serialNumber: null,
        notBefore: null,
        notAfter: null,
        daysLeft: null,
        fingerprint: null,
        expiryWarning: false,
      });
    } finally {
      await app.close();
      await database.drop();
    }
  });
});

describe('node /metrics in the federation', () => {
  it('shows the certificate’s days left and a connected bus after enrolment', async () => {
    const node = nodes[LA_A];
    const samples = await scrape(node);
    const notAfter = new X509Certificate(readFileSync(join(node.dir, 'node.crt'), 'utf8')).validTo;
    const expected = (new Date(notAfter).getTime() - Date.now()) / DAY_MS;
    const daysLeft = valueOf(samples, 'cp_node_federation_certificate_days_left', { la: LA_A });
    expect(daysLeft).toBeGreaterThan(expected - 0.01);
    expect(daysLeft).toBeLessThanOrEqual(expected + 0.01);
    expect(daysLeft).toBeGreaterThan(58);
    expect(valueOf(samples, 'cp_node_bus_state', { state: 'connected' })).toBe(1);
    expect(valueOf(samples, 'cp_node_bus_state', { state: 'disconnected' })).toBe(0);
    expect(valueOf(samples, 'cp_node_index_publishing_enabled')).toBe(1);
  });

  it('counts a cross-boundary search and the other LA’s answer by outcome', async () => {
    const holder = nodes[LA_B];
    const childId = await createChildThroughApi(
      holder.app,
      childRecordInput({
        givenName: 'Rosalind',
        familyName: 'Featherstonehaugh',
        otherNames: [],
        dateOfBirth: '2015-06-17',
        nhsNumber: validNhsNumber(707),
        upn: validUpn(707),
        address: { line1: '3 Mill Row', town: 'Bolton', postcode: 'BL2 2AB' },
      }),
    );
    await indexedAtHub(hub, holder, childId);
    const asker = nodes[LA_A];
    const before = await scrape(asker);
    const response = await request(asker.app.getHttpServer())
      .post('/api/v1/federation/search')
      .set('authorization', await bearerFor(asker.app, 'practitioner'))
      .send({ familyName: 'Featherstonehaugh', dateOfBirth: '2015-06-17', reason: 'safeguarding-concern' })
      .expect(200);
    expect((response.body as { federation: unknown }).federation).toEqual({
      reached: true,
      routedTo: [LA_B],
      answered: [LA_B],
      unanswered: [],
    });
    const after = await scrape(asker);
    const delta = (name: string, labels: Record<string, string>) =>
      (valueOf(after, name, labels) ?? 0) - (valueOf(before, name, labels) ?? 0);
    expect(delta('cp_node_searches_total', { scope: 'cross-boundary', result: 'completed' })).toBe(1);
    expect(delta('cp_node_search_duration_seconds_count', { scope: 'cross-boundary' })).toBe(1);
    expect(delta('cp_node_cross_boundary_answers_total', { outcome: 'answered' })).toBe(1);
    expect(valueOf(after, 'cp_node_cross_boundary_answers_total', { outcome: 'deadline' })).toBeUndefined();
    const text = after.map((sample) => JSON.stringify(sample)).join('\n');
    expect(text).not.toMatch(/Featherstonehaugh|2015-06-17/);
    expect(text).not.toContain(childId);
  });
});

describe('readiness and the outbox follow the bus', () => {
  it('ready with a live bus; 503 naming the bus and a growing outbox once nats-server stops; both recover once it is back', async () => {
    const node = nodes[LA_A];
    const ready = () => request(node.app.getHttpServer()).get('/health/ready');
    const up = await ready().expect(200);
    expect(up.body).toMatchObject({
      status: 'ok',
      info: { database: { status: 'up' }, bus: { status: 'up', state: 'connected' } },
    });
    expect(typeof (up.body as { info: { bus: { rttMs: unknown } } }).info.bus.rttMs).toBe('number');
    await eventually(
      async () => valueOf(await scrape(node), 'cp_node_index_outbox_pending') === 0,
      'an empty outbox',
    );

    await stopNats();
    const down = await eventually(async () => {
      const response = await ready();
      return response.status === 503 ? response : undefined;
    }, 'readiness to fail');
    expect(down.body).toMatchObject({
      status: 'error',
      message: 'Not ready: bus down',
      info: { database: { status: 'up' } },
      error: { bus: { status: 'down', state: 'disconnected' } },
    });
    await request(node.app.getHttpServer()).get('/health/live').expect(200);

    // A record change while the bus is down waits in the outbox: the gauge rises and ages.
    const childId = await createChildThroughApi(
      node.app,
      childRecordInput({ familyName: 'Ravenscroft', otherNames: [] }),
    );
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const waiting = await scrape(node);
    expect(valueOf(waiting, 'cp_node_index_outbox_pending')).toBe(1);
    expect(valueOf(waiting, 'cp_node_index_outbox_oldest_pending_age_seconds')).toBeGreaterThanOrEqual(1);
    expect(valueOf(waiting, 'cp_node_bus_state', { state: 'disconnected' })).toBe(1);

    await restartNats();
    // The client reconnects by itself (no restart of the node), and the outbox drains to the hub.
    const again = await eventually(
      async () => {
        const response = await ready();
        return response.status === 200 ? response : undefined;
      },
      'readiness after nats-server restarted',
      30_000,
    );
    expect(again.body).toMatchObject({ info: { bus: { status: 'up', state: 'connected' } } });
    await indexedAtHub(hub, node, childId);
    const drained = await eventually(async () => {
      const samples = await scrape(node);
      return valueOf(samples, 'cp_node_index_outbox_pending') === 0 ? samples : undefined;
    }, 'the outbox to drain');
    expect(valueOf(drained, 'cp_node_index_outbox_oldest_pending_age_seconds')).toBe(0);
    expect(valueOf(drained, 'cp_node_index_last_publish_age_seconds', { la: LA_A })).toBeLessThan(30);
  });
});
