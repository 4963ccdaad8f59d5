import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { DataSource } from 'typeorm';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createCaCertificate, generateRsaKeyPair, issueHubCertificate } from '@cp/pki';
import { NodeSettings } from '../../apps/node/src/config/node-settings';
import { createNodeApp } from '../../apps/node/src/node-http';
import { hubRequest } from '../support/operator-https';
import { createTestDatabase } from '../support/test-database';

/**
 * The node's own HTTP front, built as `node serve` builds it (createNodeApp): HTTPS with HSTS when given a
 * certificate; X-Forwarded-For believed only from TRUSTED_PROXIES, so one client cannot exhaust the
 * sign-in limit per address for everyone behind the proxy, nor dodge it by sending the header itself.
 */
jest.setTimeout(90_000);

const databases: { url: string; drop: () => Promise<void> }[] = [];
const apps: NestFastifyApplication[] = [];
let dir: string;

async function nodeApp(overrides: Partial<NodeSettings>): Promise<NestFastifyApplication> {
  const database = await createTestDatabase('cp_node_front');
  databases.push(database);
  const settings = Object.assign(new NodeSettings(), {
    NODE_LA_CODE: 'E09000033',
    NODE_LA_NAME: 'Westminster',
    AUTH_TOKEN_SECRET: 'test-secret-of-at-least-thirty-two-characters',
    TOTP_ENCRYPTION_KEY: '6b'.repeat(32),
    DATABASE_URL: database.url,
    MISUSE_REVIEW_ENABLED: false,
    ...overrides,
  });
  const app = await createNodeApp(settings, ['error']);
  apps.push(app);
  return app;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cp-node-front-'));
});

afterAll(async () => {
  for (const app of apps) await app.close();
  for (const database of databases) await database.drop();
  rmSync(dir, { recursive: true, force: true });
});

describe('HTTPS', () => {
  it('serves HTTPS with the given certificate and sends HSTS on every response', async () => {
    const caKeys = await generateRsaKeyPair();
    const ca = { certificatePem: createCaCertificate({ privateKeyPem: caKeys.privateKeyPem }), ...caKeys };
    const serverKeys = await generateRsaKeyPair();
    const { certificatePem } = issueHubCertificate({ ca, publicKeyPem: serverKeys.publicKeyPem });
    writeFileSync(join(dir, 'node.crt'), certificatePem);
    writeFileSync(join(dir, 'node.key'), serverKeys.privateKeyPem, { mode: 0o600 });
    const app = await nodeApp({
      HTTPS_CERT_FILE: join(dir, 'node.crt'),
      HTTPS_KEY_FILE: join(dir, 'node.key'),
      HSTS_MAX_AGE_SECONDS: 86_400,
    });
    await app.listen(0, '127.0.0.1');
    const port = (app.getHttpServer().address() as AddressInfo).port;
    const get = (path: string) =>
      hubRequest(`https://127.0.0.1:${port}${path}`, { caCertificatePem: ca.certificatePem });

    const live = await get('/health/live');
    expect(live.status).toBe(200);
    expect(live.headers['strict-transport-security']).toBe('max-age=86400; includeSubDomains');
    // Refusals and unknown routes carry it too.
    const refused = await get('/api/v1/search?reason=safeguarding-concern');
    expect(refused.status).toBe(401);
    expect(refused.headers['strict-transport-security']).toBe('max-age=86400; includeSubDomains');
    const missing = await get('/no-such-route');
    expect(missing.status).toBe(404);
    expect(missing.headers['strict-transport-security']).toBe('max-age=86400; includeSubDomains');
  });

  it('sends no HSTS over plain HTTP (no certificate given)', async () => {
    const app = await nodeApp({});
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    const live = await request(app.getHttpServer()).get('/health/live').expect(200);
    expect(live.headers['strict-transport-security']).toBeUndefined();
  });
});

describe('client address behind a TLS proxy', () => {
  function signInFrom(app: NestFastifyApplication, forwardedFor: string, attempt: number) {
    return request(app.getHttpServer())
      .post('/api/v1/auth/sign-in')
      .set('x-forwarded-for', forwardedFor)
      .send({ username: `nobody-${attempt}`, password: 'not the password' });
  }

  async function attemptAddresses(app: NestFastifyApplication): Promise<string[]> {
    const rows = await app
      .get(DataSource)
      .query<{ ip: string }[]>(`SELECT DISTINCT ip FROM sign_in_attempt ORDER BY ip`);
    return rows.map((row) => row.ip);
  }

  async function started(overrides: Partial<NodeSettings>): Promise<NestFastifyApplication> {
    const app = await nodeApp({ SIGN_IN_RATE_LIMIT_PER_IP: 2, ...overrides });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    return app;
  }

  it('ignores X-Forwarded-For without TRUSTED_PROXIES: every caller is the connection peer', async () => {
    const app = await started({});
    await signInFrom(app, '203.0.113.5', 1).expect(401);
    await signInFrom(app, '203.0.113.5', 2).expect(401);
    // A header naming another address does not escape the limit of the real peer.
    const limited = await signInFrom(app, '203.0.113.6', 3).expect(429);
    expect(limited.headers['retry-after']).toBe('60');
    expect(limited.body.rateLimit).toEqual({
      name: 'sign-in-per-address',
      limit: 2,
      windowSeconds: 60,
      retryAfterSeconds: 60,
    });
    expect(await attemptAddresses(app)).toEqual(['127.0.0.1']);
  });

  it('takes the client from X-Forwarded-For on connections from a trusted proxy', async () => {
    const app = await started({ TRUSTED_PROXIES: '127.0.0.1, 10.0.0.0/8' });
    await signInFrom(app, '203.0.113.5', 1).expect(401);
    await signInFrom(app, '203.0.113.5', 2).expect(401);
    await signInFrom(app, '203.0.113.5', 3).expect(429);
    // Another client behind the same proxy is not limited by the first one's attempts.
    await signInFrom(app, '203.0.113.6', 4).expect(401);
    expect(await attemptAddresses(app)).toEqual(['203.0.113.5', '203.0.113.6']);
  });

  it('refuses to start with a TRUSTED_PROXIES entry that is not an address or CIDR', async () => {
    await expect(nodeApp({ TRUSTED_PROXIES: 'proxy.example' })).rejects.toThrow('proxy.example');
  });
});
