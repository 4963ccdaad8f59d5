import type { Browser, Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { NodeSearchBus } from '../../apps/node/src/cross-boundary-search/node-search-bus';
import { bearerFor } from '../support/auth';
import { childRecordInput, createChildThroughApi } from '../support/child-records';
import { createEnrolledUser, type TestPractitioner } from '../support/practitioners';
import { startFederatedNode, stopFederatedNodes, type RunningNode } from '../federation/federated-node';
import { startHub, type HubUnderTest } from '../federation/federation-stack';
import { accessibilityViolations, launchBrowser, newPage, screenshot } from './support/browser';
import { listenOnRealPort, signInThroughPage } from './support/node-web';

/**
 * The practitioners' web app in a real browser (Debian's Chromium driven by playwright-core) against a real
 * federation: the hub and two nodes over mutual-TLS NATS with JetStream, each with its own PostgreSQL.
 * A practitioner at Westminster signs in with password and TOTP code, searches across boundaries, opens
 * records, registers an involvement and sets indicators; axe-core checks every page visited.
 */
jest.setTimeout(120_000);

const TOKEN_KEY = randomBytes(32).toString('base64');
const WESTMINSTER = 'E09000033';
const BIRMINGHAM = 'E08000025';

let hub: HubUnderTest;
let westminster: RunningNode;
let birmingham: RunningNode;
let baseUrl: string;
let browser: Browser;
let practitioner: TestPractitioner;
const ids: Record<string, string> = {};

function startLa(laCode: string, laName: string): Promise<RunningNode> {
  return startFederatedNode(hub, { laCode, laName, label: 'web', tokenKey: TOKEN_KEY, ready: NodeSearchBus });
}

/** Waits until the hub's locator index holds the child (fed by the node's outbox over JetStream). */
async function indexedAtHub(node: RunningNode, childId: string): Promise<void> {
  const hubData = hub.app.get(DataSource);
  const deadline = Date.now() + 30_000;
  for (;;) {
    const rows = await hubData.query<unknown[]>(
      `SELECT 1 FROM locator_entry WHERE child_id = $1 AND la_code = $2 AND NOT deleted`,
      [childId, node.laCode],
    );
    if (rows.length) return;
    if (Date.now() > deadline) throw new Error(`child ${childId} never reached the hub's index`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function expectAccessible(page: Page): Promise<void> {
  expect(await accessibilityViolations(page)).toEqual([]);
}

async function searchFor(
  page: Page,
  criteria: { familyName: string; givenName?: string; dateOfBirth?: string },
  scope: 'federation' | 'local' = 'federation',
): Promise<void> {
  await page.getByRole('link', { name: 'Search', exact: true }).click();
  await page.getByRole('heading', { name: 'Find a child' }).waitFor();
  await page.getByLabel('Why are you searching?').selectOption('safeguarding-concern');
  await page.locator(`#scope-${scope}`).check();
  await page.getByLabel('Family name').fill(criteria.familyName);
  await page.getByLabel('Given name').fill(criteria.givenName ?? '');
  await page.getByLabel('Date of birth').fill(criteria.dateOfBirth ?? '');
  await page.getByRole('button', { name: 'Search' }).click();
}

beforeAll(async () => {
  hub = await startHub({ jetStream: true });
  [westminster, birmingham] = await Promise.all([
    startLa(WESTMINSTER, 'Westminster'),
    startLa(BIRMINGHAM, 'Birmingham'),
  ]);
  baseUrl = await listenOnRealPort(westminster.app);
  ids.remote = await createChildThroughApi(
    birmingham.app,
    childRecordInput({
      givenName: 'Priya',
      familyName: 'Oyelaran-Webb',
      dateOfBirth: '2016-07-21',
      address: { line1: '4 Ladypool Road', town: 'Birmingham', postcode: 'B12 8JS' },
      involvements: [
        {
          practitionerName: 'Grace Mensah',
          role: 'School nurse',
          organisation: 'Birmingham Community Healthcare',
          serviceType: 'school-nursing',
          contact: { telephone: '0121 496 0000', email: 'grace.mensah@example.nhs.uk' },
          startDate: '2024-02-01',
        },
      ],
    }),
  );
  ids.local = await createChildThroughApi(
    westminster.app,
    childRecordInput({ familyName: 'Thornbury-Lisle' }),
  );
  ids.shielded = await createChildThroughApi(
    westminster.app,
    childRecordInput({ givenName: 'Noah', familyName: 'Castellano', dateOfBirth: '2013-11-02' }),
  );
  await request(westminster.app.getHttpServer())
    .post(`/api/v1/children/${ids.shielded}/shield`)
    .set('authorization', await bearerFor(westminster.app, 'shielding-officer'))
    .send({ reasonCode: 'refuge-or-domestic-abuse' })
    .expect(200);
  practitioner = await createEnrolledUser(westminster.app, { username: 'pat.webb', role: 'practitioner' });
  await indexedAtHub(birmingham, ids.remote);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await stopFederatedNodes([westminster, birmingham]);
  await hub?.stop();
});

describe('the practitioners web app', () => {
  let page: Page;
  beforeAll(async () => {
    page = await newPage(browser, { locale: 'en-GB' });
  });

  it('serves the pages with a strict Content-Security-Policy, and the API beside them', async () => {
    const response = await request(westminster.app.getHttpServer()).get('/').expect(200);
    expect(response.headers['content-type']).toMatch(/text\/html/);
    const csp = String(response.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(response.text).not.toMatch(/<script>(?!<)/);
    await request(westminster.app.getHttpServer()).get('/api/v1/openapi.json').expect(200);
    await request(westminster.app.getHttpServer()).get('/api/v1/search?reason=x').expect(401);
  });

  it('signs in with password and a TOTP code typed into the page', async () => {
    await page.goto(`${baseUrl}/`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await expectAccessible(page);
    await page.getByLabel('Username').fill(practitioner.username);
    await page.getByLabel('Password').fill('not the password');
    await page.getByLabel('Security code').fill('123456');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain(
      'Sign-in failed: check your username, password and code',
    );
    await signInThroughPage(page, baseUrl, practitioner);
    await page.getByRole('heading', { name: 'Find a child' }).waitFor();
    // Browser globals as expressions: the tests compile without the DOM library.
    const stored = await page.evaluate<{ session: string | null; local: string[] }>(
      "({ session: sessionStorage.getItem('cp.session'), local: Object.keys(localStorage) })",
    );
    expect(stored.session).toContain('accessToken');
    expect(stored.local).toEqual([]);
    await expectAccessible(page);
  });

  it('explains in plain words a search below the cross-boundary minimum', async () => {
    await searchFor(page, { familyName: 'Oyelaran-Webb' });
    const summary = page.locator('.error-summary');
    await summary.waitFor();
    expect(await summary.textContent()).toMatch(/date of birth/i);
    await expectAccessible(page);
  });

  it('searches across boundaries and shows the other LA by name, with strength and shielding', async () => {
    await searchFor(page, { familyName: 'Oyelaran Webb', dateOfBirth: '2016-07-21' });
    const row = page.getByRole('row', { name: /Priya Oyelaran-Webb/ });
    await row.waitFor();
    const text = await row.textContent();
    expect(text).toContain('Birmingham (E08000025)');
    expect(text).toMatch(/(Certain|Probable|Possible) match, \d+ out of 100/);
    expect(await page.locator('.notice').first().textContent()).toContain('Asked: Birmingham');
    await expectAccessible(page);
    await screenshot(page, 'node-search');

    await page.getByRole('link', { name: 'Priya Oyelaran-Webb' }).click();
    await page.getByRole('heading', { name: 'Priya Oyelaran-Webb' }).waitFor();
    const body = await page.locator('main').textContent();
    expect(body).toContain('held by Birmingham (E08000025)');
    expect(body).toContain('Grace Mensah');
    expect(body).toContain('0121 496 0000');
    await expectAccessible(page);
    await screenshot(page, 'node-other-la-match');
  });

  it('opens a local record with carers, school, GP and practitioners', async () => {
    await searchFor(page, { familyName: 'Thornbury-Lisle', dateOfBirth: '2014-03-09' });
    await page.getByRole('link', { name: 'Amelia Thornbury-Lisle' }).click();
    await page.getByRole('heading', { name: 'Amelia Thornbury-Lisle', level: 1 }).waitFor();
    const body = await page.locator('main').textContent();
    for (const expected of [
      'Jane Thornbury',
      'St Example Primary School',
      'Example Medical Centre',
      'Sam Patel',
    ])
      expect(body).toContain(expected);
    expect(body).toContain('Lead professional');
    await expectAccessible(page);
    await screenshot(page, 'node-record');
  });

  it('registers an involvement through the form, refusing a bad telephone number in plain words', async () => {
    await page.getByRole('link', { name: 'Register your involvement' }).click();
    await page.getByRole('heading', { name: 'Register your involvement' }).waitFor();
    await expectAccessible(page);
    await page.getByLabel('Your name').fill('Pat Webb');
    await page.getByLabel('Your role').fill('Family support worker');
    await page.getByLabel('Organisation').fill('Westminster Early Help');
    await page.getByLabel('Work telephone').fill('12345');
    await page.getByLabel('Service').selectOption('early-help');
    await page.getByRole('button', { name: 'Register involvement' }).click();
    const fieldError = page.locator('#telephone-error');
    await fieldError.waitFor();
    expect(await fieldError.textContent()).toContain('telephone must be a UK telephone number');
    await screenshot(page, 'node-involvement-error');

    await page.getByLabel('Work telephone').fill('020 7946 0123');
    await page.getByRole('button', { name: 'Register involvement' }).click();
    await page.getByText('Your involvement is registered.').waitFor();
    const card = page.locator('.card', { hasText: 'Pat Webb' });
    expect(await card.textContent()).toContain('Westminster Early Help');
    expect(await card.textContent()).toContain('Information to share: No');
    await expectAccessible(page);
  });

  it('sets the practitioner’s own indicators', async () => {
    await page.getByRole('link', { name: /Set your indicators/ }).click();
    await page.getByRole('heading', { name: 'Set your indicators' }).waitFor();
    await expectAccessible(page);
    await page.getByLabel('Yes').check();
    await page.getByLabel('Assessment you have undertaken').selectOption('early-help-assessment');
    await page.getByLabel('Date of the assessment').fill('2025-01-15');
    await page.getByRole('button', { name: 'Save indicators' }).click();
    await page.getByText('Your indicators are saved.').waitFor();
    const card = await page.locator('.card', { hasText: 'Pat Webb' }).textContent();
    expect(card).toContain('Information to share: Yes');
    expect(card).toContain('Assessment: Early help assessment, 15 January 2025');
  });

  it('shows a shielded child only as the shielded view with the shielding team', async () => {
    await searchFor(page, { familyName: 'Castellano', givenName: 'Noah' }, 'local');
    const row = page.getByRole('row', { name: /Noah Castellano/ });
    await row.waitFor();
    expect(await row.textContent()).toContain('Shielded');
    await page.getByRole('link', { name: 'Noah Castellano' }).click();
    await page.getByRole('heading', { name: 'Shielding team' }).waitFor();
    const body = await page.locator('main').textContent();
    expect(body).toContain('ContactPoint shielding team');
    expect(body).not.toContain('Jane Thornbury');
    expect(body).not.toContain('Sam Patel');
    await expectAccessible(page);
    await screenshot(page, 'node-shielded');
  });

  it('signs out and forgets the token', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(await page.evaluate<string | null>("sessionStorage.getItem('cp.session')")).toBeNull();
  });
});
