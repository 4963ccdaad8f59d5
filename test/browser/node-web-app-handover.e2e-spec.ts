import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Browser, Page } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HubHandoverBus } from '../../apps/hub/src/handover/hub-handover.bus';
import { HandoverBus } from '../../apps/node/src/handover/handover.bus';
import { startNodeApp } from '../support/node-app';
import { createEnrolledUser, type TestPractitioner } from '../support/practitioners';
import { createTestDatabase } from '../support/test-database';
import { enrol, startHub, type HubUnderTest } from '../federation/federation-stack';
import {
  createChild,
  eventually,
  handoverCall,
  localHandover,
  movingChild,
  viewAs,
} from '../handover/handover-support';
import { accessibilityViolations, launchBrowser, newPage, screenshot } from './support/browser';
import { listenOnRealPort, signInThroughPage } from './support/node-web';

/**
 * Issue 7 in a real browser: after a child moves from LA A to LA B (the real hub and two real nodes over
 * mutual-TLS NATS with JetStream, each with its own PostgreSQL), a practitioner at B sees the services the
 * child had in A, marked as from A and with their practitioners' contact details, the lead professional
 * and indicators included; a practitioner at A opening the child sees the stub: where the record went,
 * when, and how to reach B. Both sign in with password and TOTP typed into the page; axe-core checks both.
 */
jest.setTimeout(90_000);

const TOKEN_KEY = randomBytes(32).toString('base64');
const LA_A = { code: 'E09000033', name: 'Westminster' };
const LA_B = { code: 'E08000025', name: 'Birmingham' };
const B_CONTACT = {
  name: 'Birmingham ContactPoint team',
  telephone: '0121 496 0000',
  email: 'contactpoint@e08000025.example.gov.uk',
};

interface RunningNode {
  app: NestFastifyApplication;
  baseUrl: string;
  dir: string;
  database: { url: string; drop: () => Promise<void> };
}

let hub: HubUnderTest;
let a: RunningNode;
let b: RunningNode;
let browser: Browser;
let childId: string;

async function startLa(la: { code: string; name: string }, contact = B_CONTACT): Promise<RunningNode> {
  const dir = mkdtempSync(join(tmpdir(), `cp-web-handover-${la.code}-`));
  await enrol(hub, la.code, dir);
  const database = await createTestDatabase('cp_node_web_handover');
  const app = await startNodeApp({
    DATABASE_URL: database.url,
    NODE_LA_CODE: la.code,
    NODE_LA_NAME: la.name,
    FEDERATION_DIR: dir,
    NATS_URL: hub.nats.url,
    FEDERATION_TOKEN_KEY: TOKEN_KEY,
    LA_CONTACT_NAME: contact.name,
    LA_CONTACT_TELEPHONE: contact.telephone,
    LA_CONTACT_EMAIL: contact.email,
  });
  await app.get(HandoverBus).ready();
  return { app, baseUrl: await listenOnRealPort(app), dir, database };
}

/** A hands the child over to B through the data managers' API; resolves once both nodes completed. */
async function handOver(id: string): Promise<void> {
  const started = await handoverCall(a.app, 'post', '', {
    childId: id,
    toLaCode: LA_B.code,
    reasonCode: 'family-moved',
  });
  expect(started.status).toBe(201);
  const handoverId = (started.body as { id: string }).id;
  await eventually(async () => (await localHandover(b.app, id))?.state === 'awaiting-answer', 'offer at B');
  expect((await handoverCall(b.app, 'post', `/${handoverId}/accept`)).status).toBe(200);
  for (const [node, where] of [
    [b, 'B'],
    [a, 'A'],
  ] as const)
    await eventually(
      async () => (await localHandover(node.app, id))?.state === 'completed',
      `handover completed at ${where}`,
    );
}

/** "2025-03-04" as the web app shows dates: "4 March 2025". */
function shownDate(iso: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${iso}T00:00:00Z`));
}

async function expectAccessible(page: Page): Promise<void> {
  expect(await accessibilityViolations(page)).toEqual([]);
}

async function signedIn(node: RunningNode, user: TestPractitioner): Promise<Page> {
  const page = await newPage(browser, { locale: 'en-GB' });
  await signInThroughPage(page, node.baseUrl, user);
  await page.getByRole('heading', { name: 'Find a child' }).waitFor();
  return page;
}

beforeAll(async () => {
  hub = await startHub({ jetStream: true });
  await hub.app.get(HubHandoverBus).ready();
  [a, b] = await Promise.all([
    startLa(LA_A, {
      name: 'Westminster ContactPoint team',
      telephone: '020 7946 0999',
      email: 'contactpoint@e09000033.example.gov.uk',
    }),
    startLa(LA_B),
  ]);
  childId = await createChild(a.app, movingChild(41));
  await handOver(childId);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  for (const node of [a, b]) {
    if (!node) continue;
    await node.app.close();
    await node.database.drop();
    rmSync(node.dir, { recursive: true, force: true });
  }
  await hub?.stop();
});

describe('the practitioners web app after a child moved area', () => {
  it("at B, shows A's services marked as from A (previous area), with contacts, indicators and the lead professional", async () => {
    // What the API returns at B, so the page is checked against it and not only against constants.
    const api = (await viewAs(b.app, childId, 'practitioner')).body as {
      laCode: string;
      involvements: { practitionerName: string; fromLa: { laCode: string; laName: string } | null }[];
    };
    expect(api.laCode).toBe(LA_B.code);
    expect(api.involvements.map((item) => item.fromLa)).toEqual([
      { laCode: LA_A.code, laName: LA_A.name },
      { laCode: LA_A.code, laName: LA_A.name },
    ]);

    const practitioner = await createEnrolledUser(b.app, {
      username: 'bea.practitioner',
      role: 'practitioner',
    });
    const page = await signedIn(b, practitioner);
    await page.getByLabel('Why are you searching?').selectOption('providing-a-service');
    await page.locator('#scope-local').check();
    await page.getByLabel('Family name').fill('Movewell-41');
    await page.getByLabel('Date of birth').fill('2015-05-17');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('link', { name: 'Rosalindp Movewell-41' }).click();
    await page.getByRole('heading', { name: 'Rosalindp Movewell-41', level: 1 }).waitFor();

    const main = (await page.locator('main').textContent()) ?? '';
    expect(main).toContain(`Record held by${LA_B.name} (${LA_B.code})`); // <dt><dd>: no space between
    expect(main).toContain('Jane Thornbury'); // the carer travelled with the record
    expect(main).toContain('Example Medical Centre');

    const cards = page.locator('.card');
    expect(await cards.count()).toBe(api.involvements.length);
    const lead = (await page.locator('.card', { hasText: 'Sam Patel' }).textContent()) ?? '';
    expect(lead).toContain(`From ${LA_A.name} (previous area)`);
    expect(lead).toContain('Lead professional');
    expect(lead).toContain('Health visitor, Example Community Healthcare');
    expect(lead).toContain('020 7946 0004');
    expect(lead).toContain('sam.patel@example.nhs.uk');
    expect(lead).toContain('Information to share: Yes');
    expect(lead).toContain('Assessment: Early help assessment, 1 February 2024');
    const ended = (await page.locator('.card', { hasText: 'Dana Okafor' }).textContent()) ?? '';
    expect(ended).toContain(`From ${LA_A.name} (previous area)`);
    expect(ended).not.toContain('Lead professional');
    expect(ended).toContain('School nurse, Example School Nursing');
    expect(ended).toContain('020 7946 0005');
    expect(ended).toContain('Involved 1 September 2023 to 20 July 2024 (ended)');
    expect(ended).toContain('Information to share: No');
    // The telephone and email are links a practitioner can use.
    await page
      .locator('.card', { hasText: 'Sam Patel' })
      .getByRole('link', { name: '020 7946 0004' })
      .waitFor();
    expect(await page.locator('.tag.previous-la').count()).toBe(2);

    await expectAccessible(page);
    await screenshot(page, 'node-record-after-move');
    await page.context().close();
  });

  it("at A, shows the stub: moved to B on the day, with B's contact, and nothing of the record", async () => {
    const stub = (await viewAs(a.app, childId, 'practitioner')).body as {
      movedOut: { toLaCode: string; toLaName: string; movedOn: string; contact: typeof B_CONTACT };
    };
    expect(stub.movedOut).toEqual({
      toLaCode: LA_B.code,
      toLaName: LA_B.name,
      movedOn: new Date().toISOString().slice(0, 10),
      contact: B_CONTACT,
    });

    const practitioner = await createEnrolledUser(a.app, {
      username: 'al.practitioner',
      role: 'practitioner',
    });
    const page = await signedIn(a, practitioner);
    // The stub is not found by search at A (its keys are gone): a practitioner reaches it by its link.
    await page.goto(`${a.baseUrl}/#/children/${childId}?reason=providing-a-service`);
    await page.getByRole('heading', { name: 'Rosalindp Movewell-41', level: 1 }).waitFor();

    const notice = (await page.locator('.notice', { hasText: 'Moved to' }).textContent()) ?? '';
    expect(notice).toContain(`Moved to ${LA_B.name} on ${shownDate(stub.movedOut.movedOn)}.`);
    expect(notice).toContain(B_CONTACT.name);
    expect(notice).toContain(B_CONTACT.telephone);
    expect(notice).toContain(B_CONTACT.email);
    await page.getByRole('link', { name: B_CONTACT.telephone }).waitFor();
    await page.getByRole('link', { name: B_CONTACT.email }).waitFor();

    const main = (await page.locator('main').textContent()) ?? '';
    expect(main).toContain(`Record held by${LA_B.name} (${LA_B.code})`);
    expect(main).not.toMatch(new RegExp(`Record held by\\s*${LA_A.name}`));
    // Nothing of the record is held at A any more, so no empty sections suggest there never was any.
    for (const gone of ['Sam Patel', 'Jane Thornbury', 'Example Medical Centre', '41 Old Road', 'No carers'])
      expect(main).not.toContain(gone);
    // A no longer holds the record: it offers nothing to change at A.
    expect(await page.getByRole('link', { name: 'Register your involvement' }).count()).toBe(0);

    await expectAccessible(page);
    await screenshot(page, 'node-record-moved-out');
    await page.context().close();
  });
});
