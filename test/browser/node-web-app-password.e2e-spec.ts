import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Browser } from 'playwright-core';
import { startNodeApp } from '../support/node-app';
import { createEnrolledUser, type TestPractitioner } from '../support/practitioners';
import { createTestDatabase } from '../support/test-database';
import { launchBrowser, screenshot } from './support/browser';
import { listenOnRealPort, signInThroughPage } from './support/node-web';
import { expectAccessible, expectNotice, fieldError, signedInPage } from './support/node-pages';

/**
 * Issue 16: every user changes their own password in the browser (Chromium, axe-core), through the API's
 * change-password route: each mistake is shown at its field, then the old password no longer signs in and
 * the new one does. Shown for an auditor, whose home is the LA IT console, not the search.
 */
jest.setTimeout(120_000);

const NEW_PASSWORD = 'correct horse battery staple 16';

let app: NestFastifyApplication;
let database: { url: string; drop: () => Promise<void> };
let baseUrl: string;
let browser: Browser;
let auditor: TestPractitioner;

beforeAll(async () => {
  database = await createTestDatabase('cp_node_web_password');
  app = await startNodeApp({ DATABASE_URL: database.url });
  baseUrl = await listenOnRealPort(app);
  auditor = await createEnrolledUser(app, { username: 'aud.itor', role: 'auditor' });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await database?.drop();
});

describe('changing your own password in the web app', () => {
  it('shows each mistake at its field, then the new password signs in and the old one does not', async () => {
    const page = await signedInPage(browser, baseUrl, auditor, 'LA IT console: Westminster');
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Change password' })
      .click();
    await page.getByRole('heading', { name: 'Change your password', level: 1 }).waitFor();
    await expectAccessible(page);

    await page.getByLabel('Current password').fill(auditor.password);
    await page.getByLabel('New password', { exact: true }).fill('too short');
    await page.getByRole('button', { name: 'Change password' }).click();
    expect(await fieldError(page, 'newPassword')).toContain('at least 12 characters');

    await page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel('New password again').fill(`${NEW_PASSWORD}!`);
    await page.getByRole('button', { name: 'Change password' }).click();
    expect(await fieldError(page, 'confirmPassword')).toContain('not the same');

    // The API refuses a wrong current password (403, no field named): shown at the current password.
    await page.getByLabel('Current password').fill('not my password at all');
    await page.getByLabel('New password again').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Change password' }).click();
    expect(await fieldError(page, 'currentPassword')).toContain('The current password is not right');
    await expectAccessible(page);
    await screenshot(page, 'node-change-password-error');

    // The API's own rule (400 naming newPassword): the new password must differ from the current one.
    await page.getByLabel('Current password').fill(auditor.password);
    await page.getByLabel('New password', { exact: true }).fill(auditor.password);
    await page.getByLabel('New password again').fill(auditor.password);
    await page.getByRole('button', { name: 'Change password' }).click();
    expect(await fieldError(page, 'newPassword')).toContain('must differ');

    await page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel('New password again').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Change password' }).click();
    await expectNotice(page, 'Your password is changed.');
    await page.getByRole('heading', { name: 'LA IT console: Westminster', level: 1 }).waitFor();

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.getByLabel('Username').fill(auditor.username);
    await page.getByLabel('Password').fill(auditor.password);
    await page.getByLabel('Security code').fill(await auditor.nextCode());
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('Sign-in failed');

    await signInThroughPage(page, baseUrl, { ...auditor, password: NEW_PASSWORD });
    await page.getByRole('heading', { name: 'LA IT console: Westminster', level: 1 }).waitFor();
    await page.context().close();
  });
});
