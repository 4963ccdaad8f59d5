import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Browser, Page } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import request from 'supertest';
import { AuditService } from '../../apps/node/src/audit/audit.service';
import { bearerFor } from '../support/auth';
import { childRecordInput, createChildThroughApi } from '../support/child-records';
import { startNodeApp } from '../support/node-app';
import { createEnrolledUser, type TestPractitioner } from '../support/practitioners';
import { createTestDatabase } from '../support/test-database';
import { launchBrowser, screenshot } from './support/browser';
import { listenOnRealPort } from './support/node-web';
import { byId, expectAccessible, expectNotice, fieldError, signedInPage } from './support/node-pages';

/**
 * Issue 16, the auditors' pages in Chromium (axe-core on each): who has looked at a child (this LA's user by
 * name; another LA's user by the name and organisation their signed query carried, as the answering node
 * audits it), the subject access export as JSON and PDF (each export audited), and the misuse report, where
 * the other LA's cross-boundary searches are counted per day and never as "search without follow-up".
 */
jest.setTimeout(120_000);

const OTHER_LA = 'E09000033';
let app: NestFastifyApplication;
let database: { url: string; drop: () => Promise<void> };
let baseUrl: string;
let browser: Browser;
let auditor: TestPractitioner;
let practitioner: TestPractitioner;
let childId: string;
const theirUser = randomUUID();

/** What the answering node records for a cross-boundary query that disclosed the child (search-answerer). */
async function answeredQueryFromOtherLa(): Promise<void> {
  await app.get(DataSource).transaction((manager) =>
    app.get(AuditService).record(manager, {
      context: {
        actor: { userId: theirUser, role: 'practitioner' },
        reason: 'safeguarding-concern',
        correlationId: randomUUID(),
        requestingLa: OTHER_LA,
      },
      action: 'record.search',
      outcome: 'allowed',
      disclosedChildIds: [childId],
      detail: {
        scope: 'cross-boundary-answer',
        results: 1,
        requesterName: 'Asha Okafor',
        requesterOrganisation: 'Westminster City Council',
      },
    }),
  );
}

async function mainText(page: Page): Promise<string> {
  return (await page.locator('main').textContent()) ?? '';
}

beforeAll(async () => {
  database = await createTestDatabase('cp_node_web_auditor');
  app = await startNodeApp({
    DATABASE_URL: database.url,
    NODE_LA_CODE: 'E08000001',
    NODE_LA_NAME: 'Bolton',
    MISUSE_VIEWS_PER_DAY_THRESHOLD: 1,
  });
  baseUrl = await listenOnRealPort(app);
  auditor = await createEnrolledUser(app, { username: 'audrey.auditor', role: 'auditor' });
  practitioner = await createEnrolledUser(app, { username: 'pip.practitioner', role: 'practitioner' });
  childId = await createChildThroughApi(app, childRecordInput({ givenName: 'Isolde' }));
  await request(app.getHttpServer())
    .get(`/api/v1/children/${childId}`)
    .query({ reason: 'providing-a-service' })
    .set('authorization', await bearerFor(app, 'practitioner', practitioner.id))
    .expect(200);
  await answeredQueryFromOtherLa();
  await answeredQueryFromOtherLa();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await database?.drop();
});

describe('auditor pages', () => {
  let page: Page;

  beforeAll(async () => {
    page = await signedInPage(browser, baseUrl, auditor, 'LA IT console: Bolton');
  });

  it('looks a child up by record id, refusing one that is not an id', async () => {
    await page.getByRole('link', { name: 'Who has looked' }).click();
    await page.getByRole('heading', { name: 'Who has looked at a child', level: 1 }).waitFor();
    await byId(page, 'child-id').fill('not-an-id');
    await page.getByRole('button', { name: 'Show who has looked' }).click();
    expect(await fieldError(page, 'child-id')).toContain('Enter a record id');
    await expectAccessible(page);
    await byId(page, 'child-id').fill(childId);
    await page.getByRole('button', { name: 'Show who has looked' }).click();
    await page.getByRole('heading', { name: 'Who has looked at this child', level: 1 }).waitFor();
  });

  it("names this LA's users and other LAs' users with organisation, LA and reason", async () => {
    const rows = page.locator('main table tbody tr');
    const view = rows.filter({ hasText: 'Viewed the record' });
    await view.first().waitFor();
    expect(await view.textContent()).toContain('pip.practitioner');
    expect(await view.textContent()).toContain('Bolton');
    expect(await view.textContent()).toContain('Providing a service');
    const across = rows.filter({ hasText: 'Found in a search from another LA' });
    expect(await across.count()).toBe(2);
    const text = (await across.first().textContent()) ?? '';
    for (const part of [
      'Asha Okafor',
      'Westminster City Council',
      `Westminster (${OTHER_LA})`,
      'Safeguarding concern',
    ])
      expect(text).toContain(part);
    expect(await page.locator('#access-summary').textContent()).toContain(
      '2 results given to other LAs (1 LAs)',
    );
    await expectAccessible(page);
    await screenshot(page, 'web-auditor-access-history');
  });

  it('exports for subject access as JSON and PDF, each export audited', async () => {
    for (const [label, extension] of [
      ['Export as JSON', 'json'],
      ['Export as PDF', 'pdf'],
    ]) {
      const downloading = page.waitForEvent('download');
      await page.getByRole('button', { name: label }).click();
      const download = await downloading;
      expect(download.suggestedFilename()).toBe(`subject-access-${childId}.${extension}`);
      const bytes = readFileSync((await download.path()) ?? '');
      if (extension === 'json') {
        const exported = JSON.parse(bytes.toString('utf8')) as { accessHistory: { entries: unknown[] } };
        expect(exported.accessHistory.entries.length).toBeGreaterThanOrEqual(4);
      } else expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      await expectNotice(page, `Exported as subject-access-${childId}.${extension}`);
    }
    const exports = await app
      .get(DataSource)
      .query<{ format: string }[]>(
        `SELECT detail->>'format' AS format FROM audit_entry WHERE action = 'subject-access.export' AND child_id = $1 ORDER BY sequence`,
        [childId],
      );
    expect(exports.map((row) => row.format)).toEqual(['json', 'pdf']);
    await expectAccessible(page);
  });

  it('shows the misuse report, counting the other LA’s cross-boundary searches per day, never as lonely searches', async () => {
    await page.getByRole('link', { name: 'Look up another child' }).click();
    await page.getByRole('link', { name: 'The misuse report' }).click();
    await page.getByRole('heading', { name: 'Misuse report', level: 1 }).waitFor();
    await page.locator('#misuse-period').waitFor();
    const flagged = page
      .locator('main table tbody tr')
      .filter({ hasText: 'More cross-boundary search results in a day than usual' });
    expect(await flagged.count()).toBe(1);
    const text = (await flagged.textContent()) ?? '';
    expect(text).toContain(theirUser);
    expect(text).toContain(`of Westminster (${OTHER_LA})`);
    expect(await mainText(page)).not.toContain('Local searches that showed records never opened');
    await expectAccessible(page);
    await screenshot(page, 'web-auditor-misuse');
    await page.locator('main table a').first().click();
    await page.getByRole('heading', { name: 'Who has looked at this child', level: 1 }).waitFor();
  });
});
