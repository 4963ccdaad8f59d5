import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { certificateFingerprint } from '@cp/pki';
import { NodeSearchBus } from '../../apps/node/src/cross-boundary-search/node-search-bus';
import { bearerFor } from '../support/auth';
import { startNodeApp } from '../support/node-app';
import { createTestDatabase } from '../support/test-database';
import { enrol, startHub, type HubUnderTest } from './federation-stack';

/**
 * The node's machine-facing monitoring over the real federation: the real hub and nodes (their own
 * PostgreSQL and certificates) over mutual-TLS NATS with JetStream.
 */
jest.setTimeout(180_000);

const TOKEN_KEY = randomBytes(32).toString('base64');
const LA_A = 'E09000033';
const LA_B = 'E08000003';
const DAY_MS = 24 * 3600_000;

interface RunningNode {
  laCode: string;
  app: NestFastifyApplication;
  data: DataSource;
  dir: string;
  database: { url: string; drop: () => Promise<void> };
}

let hub: HubUnderTest;
const nodes: Record<string, RunningNode> = {};

async function startLa(laCode: string): Promise<RunningNode> {
  const dir = mkdtempSync(join(tmpdir(), `cp-monitoring-${laCode}-`));
  await enrol(hub, laCode, dir);
  const database = await createTestDatabase('cp_node_monitoring');
  const app = await startNodeApp({
    DATABASE_URL: database.url,
    NODE_LA_CODE: laCode,
    NODE_LA_NAME: `LA ${laCode}`,
    FEDERATION_DIR: dir,
    NATS_URL: hub.nats.url,
    FEDERATION_TOKEN_KEY: TOKEN_KEY,
  });
  await app.get(NodeSearchBus).ready();
  return { laCode, app, data: app.get(DataSource), dir, database };
}

beforeAll(async () => {
  hub = await startHub({ jetStream: true });
  for (const laCode of [LA_A, LA_B]) nodes[laCode] = await startLa(laCode);
});

afterAll(async () => {
  for (const node of Object.values(nodes)) {
    await node.app.close();
    await node.database.drop();
    rmSync(node.dir, { recursive: true, force: true });
  }
  await hub?.stop();
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
