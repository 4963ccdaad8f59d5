import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Browser, Page } from 'playwright-core';
import { startNodeApp } from '../support/node-app';
import { createEnrolledUser, type TestPractitioner } from '../support/practitioners';
import { createTestDatabase } from '../support/test-database';
import { accessibilityViolations, launchBrowser, newPage, screenshot } from './support/browser';
import { listenOnRealPort, signInThroughPage } from './support/node-web';

/**
 * The LA IT console in a real browser: an administrator manages users and sees the node's certificate and
 * index feed; an auditor verifies the audit trail and reads the misuse report. Each sees only their part.
 */
jest.setTimeout(90_000);

let app: NestFastifyApplication;
let database: { url: string; drop: () => Promise<void> };
let baseUrl: string;
let browser: Browser;
let admin: TestPractitioner;
let auditor: TestPractitioner;
let practitioner: TestPractitioner;

beforeAll(async () => {
  database = await createTestDatabase('cp_node_console');
  app = await startNodeApp({ DATABASE_URL: database.url });
  baseUrl = await listenOnRealPort(app);
  admin = await createEnrolledUser(app, { username: 'it.admin', role: 'node-administrator' });
  auditor = await createEnrolledUser(app, { username: 'ann.auditor', role: 'auditor' });
  practitioner = await createEnrolledUser(app, { username: 'pat.practitioner', role: 'practitioner' });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await database?.drop();
});

async function expectAccessible(page: Page): Promise<void> {
  expect(await accessibilityViolations(page)).toEqual([]);
}

describe('the LA IT console', () => {
  it('shows an administrator the users, the certificate and the index feed, and adds a user', async () => {
    const page = await newPage(browser, { locale: 'en-GB' });
    await signInThroughPage(page, baseUrl, admin);
    await page.getByRole('heading', { name: 'LA IT console: Westminster' }).waitFor();
    const users = page.getByRole('table', { name: /users/ });
    await users.getByRole('row', { name: /pat\.practitioner/ }).waitFor();
    expect(await users.getByRole('row', { name: /ann\.auditor/ }).textContent()).toContain('Auditor');
    await page.getByText('Not enrolled: this node has no federation certificate.').waitFor();
    const index = page.locator('section', {
      has: page.getByRole('heading', { name: 'Index feed to the hub' }),
    });
    await index.getByText('Changes waiting (outbox)').waitFor();
    expect(await index.textContent()).toContain('Connected to the hub');
    await page
      .getByRole('link', { name: 'Search' })
      .count()
      .then((count) => expect(count).toBe(0));
    await expectAccessible(page);
    await screenshot(page, 'node-la-console');

    await page.getByLabel('Username', { exact: true }).fill('Not Valid');
    await page.getByLabel('Name as shown to colleagues').fill('Dee Newman');
    await page.getByLabel('Family name').fill('Newman');
    await page.getByLabel('Role', { exact: true }).selectOption('practitioner');
    await page.getByRole('button', { name: 'Add user' }).click();
    const error = page.locator('#new-username-error');
    await error.waitFor();
    expect(await error.textContent()).toContain('Username must be 3-64 lower-case letters'); // the field's label, not the API's field name

    await page.getByLabel('Username', { exact: true }).fill('dee.newman');
    await page.getByRole('button', { name: 'Add user' }).click();
    await page.getByText(/dee\.newman \(Practitioner\) is created/).waitFor();
    await users.getByRole('row', { name: /dee\.newman/ }).waitFor();
    expect(await users.getByRole('row', { name: /dee\.newman/ }).textContent()).toContain(
      'Not yet signed in',
    );
    await expectAccessible(page);
  });

  it('shows an auditor the audit trail check and the misuse report', async () => {
    const page = await newPage(browser, { locale: 'en-GB' });
    await signInThroughPage(page, baseUrl, auditor);
    await page.getByRole('heading', { name: 'LA IT console: Westminster' }).waitFor();
    expect(await page.getByRole('heading', { name: 'Users and roles' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Verify the audit trail' }).click();
    const intact = page.getByText(/The audit trail is intact: \d+ entries checked/);
    await intact.waitFor();
    await page.getByText('No daily review has run yet.').waitFor();
    await page.getByRole('button', { name: 'Run the review' }).click();
    await page.getByRole('heading', { name: /Review of/ }).waitFor();
    await expectAccessible(page);
    await screenshot(page, 'node-la-console-auditor');
  });

  it('keeps a practitioner out of the console (the page and the API both)', async () => {
    const page = await newPage(browser);
    await page.goto(`${baseUrl}/#/console`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await signInThroughPage(page, baseUrl, practitioner);
    await page.getByRole('heading', { name: 'Find a child' }).waitFor();
    await page.goto(`${baseUrl}/#/console`);
    await page.getByRole('heading', { name: 'Find a child' }).waitFor();
    expect(page.url()).toContain('#/search');
    const status = await page.evaluate<number>(
      "fetch('/api/v1/users', { headers: { authorization: 'Bearer ' + JSON.parse(sessionStorage.getItem('cp.session')).accessToken } }).then((r) => r.status)",
    );
    expect(status).toBe(403);
  });
});
