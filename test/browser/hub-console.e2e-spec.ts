import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Browser, Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { createHash, createPublicKey, randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HubPkiFiles } from '../../apps/hub/src/trust/certificates/pki-files';
import { IndexEvents } from '../../apps/node/src/record-store/index-events';
import { enrol, startHub, type HubUnderTest } from '../federation/federation-stack';
import { startNodeApp } from '../support/node-app';
import { issueOperator, OPERATOR_P12_PASSPHRASE } from '../support/operator-https';
import { createTestDatabase } from '../support/test-database';
import { accessibilityViolations, launchBrowser, newPage, screenshot } from './support/browser';

/**
 * The hub operators' console in Debian's Chromium: a real hub and a real node feeding its index over
 * mutual-TLS JetStream; the browser presents an operator certificate issued as operator:certificate does.
 *
 * With client certificates, Playwright carries the browser's TLS itself: it connects to the hub with the
 * PKCS#12 (whose federation CA it then trusts; ignoreHTTPSErrors stays off). A context without a
 * certificate is Chromium's own TLS, trusting the hub by its pinned key (--ignore-certificate-errors-spki-list).
 */
jest.setTimeout(180_000);

const LA = 'E09000033';

let hub: HubUnderTest;
let node: NestFastifyApplication | undefined;
let nodeDatabase: { url: string; drop: () => Promise<void> };
let nodeDir: string;
let browser: Browser;
let busy: NodeJS.Timeout | undefined;
let operatorPfx: Buffer;

/** Base64 SHA-256 of the hub certificate's public key (SPKI), as Chromium's pin flag wants it. */
function spkiPin(certificatePem: string): string {
  const spki = createPublicKey(certificatePem).export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(spki).digest('base64');
}

/**
 * A node in use: a record change every second reaches the hub as an index event. (A quiet node's
 * heartbeats are unchanged for minutes and JetStream's 2-minute duplicate window drops the repeats, so with
 * the test's 3 s threshold only a busy feed shows a live node as up.)
 */
function keepNodeBusy(app: NestFastifyApplication): NodeJS.Timeout {
  const outbox = app.get(IndexEvents);
  const data = app.get(DataSource);
  const childId = randomUUID();
  let version = 0;
  const person = { givenName: 'Perpetua', familyName: 'Vanstone', dateOfBirth: '2016-08-09' };
  return setInterval(() => {
    version += 1;
    void data
      .transaction((manager) =>
        outbox.enqueue(manager, { childId, version, operation: 'upsert', shielded: false, person }),
      )
      .catch(() => undefined);
  }, 1000);
}

/** Half an hour of routed searches in the hub's routing log (LA codes and timings only), for the charts. */
async function routingHistory(data: DataSource): Promise<void> {
  const now = Date.now();
  for (let i = 0; i < 120; i++) {
    const at = new Date(now - (i % 30) * 60_000 - 5_000);
    await data.query(
      `INSERT INTO search_routing_log (route_id, correlation_id, from_la, to_las, answered_las, unanswered_las,
                                        index_entries, outcome, received_at, lookup_ms, forward_ms, forwarded_at)
       VALUES ($1, $2, 'E08000025', ARRAY['${LA}'], $3, $4, 1, 'forwarded', $5, 3, $6, $5)`,
      [
        randomUUID(),
        randomUUID(),
        i % 17 === 0 ? [] : [LA],
        i % 17 === 0 ? [`${LA}:deadline`] : [],
        at,
        20 + ((i * 37) % 90),
      ],
    );
  }
}

async function stateOf(page: Page): Promise<string | null> {
  return page
    .locator(`#nodes tbody tr[data-la="${LA}"] .state`)
    .textContent({ timeout: 1000 })
    .catch(() => null);
}

async function waitForState(page: Page, state: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await stateOf(page)) !== state) {
    if (Date.now() > deadline)
      throw new Error(`The console never showed ${LA} as ${state} (last: ${await stateOf(page)})`);
    await page.waitForTimeout(250);
  }
}

beforeAll(async () => {
  hub = await startHub({
    jetStream: true,
    settings: { NODE_LATE_AFTER_SECONDS: 3, NODE_DOWN_AFTER_SECONDS: 6 },
  });
  operatorPfx = (await issueOperator(hub, 'console-test')).pkcs12;
  nodeDir = mkdtempSync(join(tmpdir(), 'cp-node-console-'));
  await enrol(hub, LA, nodeDir);
  nodeDatabase = await createTestDatabase('cp_node_console');
  node = await startNodeApp({
    DATABASE_URL: nodeDatabase.url,
    NODE_LA_CODE: LA,
    FEDERATION_DIR: nodeDir,
    NATS_URL: hub.nats.url,
    FEDERATION_TOKEN_KEY: randomBytes(32).toString('base64'),
  });
  busy = keepNodeBusy(node);
  await routingHistory(hub.app.get(DataSource));
  const files = new HubPkiFiles(hub.pkiDir);
  browser = await launchBrowser([
    `--ignore-certificate-errors-spki-list=${spkiPin(readFileSync(files.hubCertificate, 'utf8'))}`,
  ]);
});

afterAll(async () => {
  if (busy) clearInterval(busy);
  await browser?.close();
  await node?.close();
  await hub?.stop();
  await nodeDatabase?.drop();
  if (nodeDir) rmSync(nodeDir, { recursive: true, force: true });
});

describe('hub operators console', () => {
  it('shows a node up, then down once that node is stopped; accessible; no inline script allowed', async () => {
    const page = await newPage(browser, {
      clientCertificates: [{ origin: hub.url, pfx: operatorPfx, passphrase: OPERATOR_P12_PASSPHRASE }],
    });
    const response = await page.goto(`${hub.url}/console/?refresh=2`);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    await waitForState(page, 'up', 30_000);
    expect(await page.locator('#count-up').textContent()).toBe('1');
    expect(await page.locator('h1').textContent()).toBe("Hub operators' console");
    expect(await page.locator('#traffic-chart svg rect').count()).toBe(30);
    expect(await page.locator('#latency-chart svg polyline').count()).toBe(2);
    expect(await page.locator('#search-count').textContent()).toBe('120');
    expect(await page.locator('#handovers-summary').textContent()).toBe('0 in flight, 0 stuck.');
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'hub-console');

    if (busy) clearInterval(busy);
    busy = undefined;
    await node!.close();
    node = undefined;
    await waitForState(page, 'down', 40_000);
    expect(await page.locator('#count-down').textContent()).toBe('1');
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'hub-console-node-down');
    await page.context().close();
  });

  it('without an operator certificate the page loads but shows no figures, saying why', async () => {
    const page = await newPage(browser);
    await page.goto(`${hub.url}/console/`);
    await page.locator('#problem').waitFor({ state: 'visible' });
    expect(await page.locator('#problem').textContent()).toMatch(/needs a hub operator certificate/);
    expect(await page.locator('#nodes tbody tr').count()).toBe(0);
    await page.context().close();
  });
});
