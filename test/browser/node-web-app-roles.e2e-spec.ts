import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { bearerFor } from '../support/auth';
import { startNodeApp } from '../support/node-app';
import { createEnrolledUser, type TestPractitioner } from '../support/practitioners';
import { createTestDatabase } from '../support/test-database';
import { launchBrowser, screenshot } from './support/browser';
import { listenOnRealPort } from './support/node-web';
import {
  byId,
  childIdOf,
  expectAccessible,
  expectNotice,
  fieldError,
  signedInPage,
} from './support/node-pages';

/**
 * Issue 16, pages for every role, in a real browser (Chromium, axe-core on every page) against a real node
 * and PostgreSQL: a data manager creates a record (carers, school, GP) through the form, with the API's field
 * errors shown beside their fields, corrects it (a change made meanwhile by someone else is refused and
 * reloaded), sets the lead professional and ends an involvement; a shielding officer shields the record
 * with a reason from the list and removes the shield; a practitioner sees none of those actions.
 */
jest.setTimeout(120_000);

let app: NestFastifyApplication;
let database: { url: string; drop: () => Promise<void> };
let baseUrl: string;
let browser: Browser;
let dataManager: TestPractitioner;
let shieldingOfficer: TestPractitioner;
let practitioner: TestPractitioner;
let childId: string;

const api = () => request(app.getHttpServer());

/** The parts of the record view these tests read. */
interface RecordBody {
  version: number;
  shielded: boolean;
  shieldingTeam?: unknown;
  child: { givenName: string; familyName: string; otherNames: string[]; dateOfBirth: string; gender: string };
  address: { line1: string; postcode: string };
  carers: unknown[];
  educationalSetting: unknown;
  gpPractice: unknown;
  leadProfessional: { practitionerName: string } | null;
}

async function recordAs(role: 'data-manager' | 'practitioner' | 'shielding-officer') {
  const response = await api()
    .get(`/api/v1/children/${childId}`)
    .query({ reason: 'maintaining-the-record' })
    .set('authorization', await bearerFor(app, role))
    .expect(200);
  return response.body as RecordBody;
}

async function mainText(page: Page): Promise<string> {
  return (await page.locator('main').textContent()) ?? '';
}

beforeAll(async () => {
  database = await createTestDatabase('cp_node_web_roles');
  app = await startNodeApp({ DATABASE_URL: database.url });
  baseUrl = await listenOnRealPort(app);
  dataManager = await createEnrolledUser(app, { username: 'dana.manager', role: 'data-manager' });
  shieldingOfficer = await createEnrolledUser(app, { username: 'sol.officer', role: 'shielding-officer' });
  practitioner = await createEnrolledUser(app, { username: 'pip.practitioner', role: 'practitioner' });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await database?.drop();
});

describe('a data manager in the web app', () => {
  let page: Page;
  beforeAll(async () => {
    page = await signedInPage(browser, baseUrl, dataManager);
  });
  afterAll(async () => page?.context().close());

  it('creates a record with a carer, school and GP, the API’s field errors shown beside their fields', async () => {
    await page.getByRole('link', { name: 'Create a record' }).click();
    await page.getByRole('heading', { name: 'Create a record', level: 1 }).waitFor();
    await expectAccessible(page);

    await page.getByRole('button', { name: 'Create the record' }).click();
    expect(await fieldError(page, 'givenName')).toContain('Enter the child’s given name');

    await page.getByLabel('Given name').fill('Maya');
    await page.getByLabel('Family name').fill('Okonkwo-Reed');
    await page.getByLabel('Date of birth').fill('2016-02-14');
    await page.getByLabel('Gender').selectOption('female');
    await page.getByLabel('Address line 1').fill('3 Horseferry Road');
    await page.getByLabel('Town or city').fill('London');
    await page.getByLabel('Postcode').fill('NOT A CODE');
    await page.getByRole('button', { name: 'Add a carer' }).click();
    await expect(page.evaluate('document.activeElement.id')).resolves.toBe('carers.0.name');
    await byId(page, 'carers.0.name').fill('Ngozi Okonkwo');
    await byId(page, 'carers.0.relationship').selectOption('mother');
    await byId(page, 'carers.0.hasParentalResponsibility').check();
    await byId(page, 'carers.0.contact.telephone').fill('12345');
    await byId(page, 'educationalSetting.name').fill('Horseferry Primary School');
    await byId(page, 'educationalSetting.urn').fill('100002');
    await byId(page, 'gpPractice.name').fill('Marsham Street Surgery');
    await byId(page, 'gpPractice.odsCode').fill('A81002');
    await byId(page, 'gpPractice.contact.telephone').fill('020 7946 0100');
    await page.getByRole('button', { name: 'Create the record' }).click();

    // The API's 400 names both fields; each is shown beside its own control and in the summary.
    expect(await fieldError(page, 'address.postcode')).toMatch(/postcode/i);
    // In plain words: the field's label, not the API's path; the summary says which carer.
    expect(await fieldError(page, 'carers.0.contact.telephone')).toBe(
      'Telephone must be a UK telephone number',
    );
    expect(await fieldError(page, 'address.postcode')).not.toContain('address.postcode');
    expect(await page.locator('.error-summary a').allTextContents()).toContain(
      'Carer 1: Telephone must be a UK telephone number',
    );
    await expect(byId(page, 'address.postcode').getAttribute('aria-invalid')).resolves.toBe('true');
    await expectAccessible(page);
    await screenshot(page, 'node-record-create-errors');

    await page.getByLabel('Postcode').fill('SW1P 4DF');
    await byId(page, 'carers.0.contact.telephone').fill('020 7946 0111');
    await page.getByRole('button', { name: 'Create the record' }).click();
    await expectNotice(page, 'The record is created.');
    await page.getByRole('heading', { name: 'Maya Okonkwo-Reed', level: 1 }).waitFor();
    childId = childIdOf(page);
    const text = await mainText(page);
    for (const expected of [
      'Ngozi Okonkwo',
      'Horseferry Primary School',
      'Marsham Street Surgery',
      '020 7946 0111',
    ])
      expect(text).toContain(expected);
    const stored = await recordAs('data-manager');
    expect(stored.address).toMatchObject({ line1: '3 Horseferry Road', postcode: 'SW1P 4DF' });
    expect(stored.carers).toEqual([
      {
        name: 'Ngozi Okonkwo',
        relationship: 'mother',
        hasParentalResponsibility: true,
        contact: { telephone: '020 7946 0111' },
      },
    ]);
    await expectAccessible(page);
  });

  it('corrects the record; a change made meanwhile by someone else is refused, reloaded and redone', async () => {
    await page.getByRole('link', { name: 'Correct the record' }).click();
    await page.getByRole('heading', { name: 'Correct the record of Maya Okonkwo-Reed' }).waitFor();
    await expect(byId(page, 'carers.0.name').inputValue()).resolves.toBe('Ngozi Okonkwo');
    await expectAccessible(page);
    await page.getByLabel('Address line 1').fill('8 Page Street');

    // Someone else corrects the record after this page read it.
    const read = await recordAs('data-manager');
    await api()
      .put(`/api/v1/children/${childId}`)
      .set('authorization', await bearerFor(app, 'data-manager'))
      .send({
        givenName: read.child.givenName,
        familyName: read.child.familyName,
        otherNames: ['Mae'],
        dateOfBirth: read.child.dateOfBirth,
        gender: read.child.gender,
        address: read.address,
        carers: read.carers,
        educationalSetting: read.educationalSetting,
        gpPractice: read.gpPractice,
        version: read.version,
      })
      .expect(200);

    await page.getByRole('button', { name: 'Save the corrections' }).click();
    await page.getByRole('heading', { name: 'This record was changed by someone else' }).waitFor();
    expect(await page.getByRole('alert').textContent()).toContain('Your corrections were not saved');
    expect((await recordAs('data-manager')).address.line1).toBe('3 Horseferry Road');
    await expectAccessible(page);
    await screenshot(page, 'node-record-correct-conflict');

    await page.getByRole('button', { name: 'Reload the record' }).click();
    await expect(page.getByLabel('Other names (optional)').inputValue()).resolves.toBe('Mae');
    await page.getByLabel('Address line 1').fill('8 Page Street');
    await page.getByRole('button', { name: 'Remove carer 1' }).click();
    await page.getByRole('button', { name: 'Save the corrections' }).click();
    await expectNotice(page, 'The record is corrected.');
    const text = await mainText(page);
    expect(text).toContain('8 Page Street');
    expect(text).toContain('No carers recorded.');
    expect(await page.getByRole('table', { name: 'Previous addresses' }).textContent()).toContain(
      '3 Horseferry Road',
    );
    const stored = await recordAs('data-manager');
    expect(stored.child.otherNames).toEqual(['Mae']);
    expect(stored.carers).toEqual([]);
  });

  it('registers and corrects an involvement, sets the lead professional and ends an involvement', async () => {
    await api()
      .post(`/api/v1/children/${childId}/involvements`)
      .set('authorization', await bearerFor(app, 'data-manager'))
      .send({
        practitionerName: 'Ada Lovell',
        role: 'Health visitor',
        organisation: 'Central London Community Healthcare',
        serviceType: 'health-visiting',
        contact: { telephone: '020 7946 0200' },
        startDate: '2024-04-01',
      })
      .expect(201);
    await page.reload();
    await page.getByRole('heading', { name: 'Maya Okonkwo-Reed', level: 1 }).waitFor();

    // A data manager registers another practitioner's involvement (the page speaks of them, not "you").
    await page.getByRole('link', { name: 'Register an involvement' }).click();
    await page.getByRole('heading', { name: 'Register an involvement', level: 1 }).waitFor();
    await expectAccessible(page);
    await page.getByLabel('Practitioner’s name').fill('Lee Chambers');
    await page.getByLabel('Their role').fill('Key worker');
    await page.getByLabel('Organisation').fill('Westminster Early Help');
    await page.getByLabel('Work telephone').fill('020 7946 0201');
    await page.getByLabel('Service').selectOption('early-help');
    await page.getByRole('button', { name: 'Register involvement' }).click();
    await expectNotice(page, 'The involvement is registered.');
    await page.locator('.card', { hasText: 'Lee Chambers' }).waitFor();

    // Correcting an involvement: the API's 400 for the telephone is shown at that field.
    await page.getByRole('link', { name: 'Correct this involvement (Ada Lovell)' }).click();
    await page.getByRole('heading', { name: 'Correct an involvement', level: 1 }).waitFor();
    await expect(page.getByLabel('Practitioner’s name').inputValue()).resolves.toBe('Ada Lovell');
    await page.getByLabel('Work telephone').fill('999');
    await page.getByRole('button', { name: 'Save the involvement' }).click();
    expect(await fieldError(page, 'telephone')).toBe('Work telephone must be a UK telephone number');
    await expectAccessible(page);
    await page.getByLabel('Work telephone').fill('020 7946 0299');
    await page.getByRole('button', { name: 'Save the involvement' }).click();
    await expectNotice(page, 'The involvement is corrected.');
    expect(await page.locator('.card', { hasText: 'Ada Lovell' }).textContent()).toContain('020 7946 0299');

    await page.getByRole('link', { name: 'Set the lead professional' }).click();
    await page.getByRole('heading', { name: 'Set the lead professional' }).waitFor();
    await page.getByRole('button', { name: 'Save the lead professional' }).click();
    expect(await fieldError(page, 'involvementId')).toContain('Choose the lead professional');
    await expectAccessible(page);
    await page.getByLabel(/Lee Chambers/).check();
    await page.getByRole('button', { name: 'Save the lead professional' }).click();
    await expectNotice(page, 'The lead professional is set.');
    expect(await page.locator('.card', { hasText: 'Lee Chambers' }).textContent()).toContain(
      'Lead professional',
    );
    expect((await recordAs('data-manager')).leadProfessional?.practitionerName).toBe('Lee Chambers');
    await screenshot(page, 'node-lead-professional');

    await page.getByRole('link', { name: 'End this involvement (Ada Lovell)' }).click();
    await page.getByRole('heading', { name: 'End an involvement' }).waitFor();
    await expectAccessible(page);
    // An involvement ending today is current until the day is over: it ended yesterday.
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    await page.getByLabel('Date the involvement ended').fill(yesterday);
    await page.getByRole('button', { name: 'End the involvement' }).click();
    await expectNotice(page, 'The involvement is ended.');
    expect(await page.locator('.card', { hasText: 'Ada Lovell' }).textContent()).toContain('(ended)');
  });
});

describe('a shielding officer in the web app', () => {
  it('shields the record with a reason from the list, then removes the shield', async () => {
    const page = await signedInPage(browser, baseUrl, shieldingOfficer);
    await page.goto(`${baseUrl}/#/children/${childId}?reason=safeguarding-concern`);
    await page.getByRole('heading', { name: 'Maya Okonkwo-Reed', level: 1 }).waitFor();
    expect(await page.getByRole('link', { name: 'Hand over to another LA' }).count()).toBe(0);
    await page.getByRole('link', { name: 'Shield this record' }).click();
    await page.getByRole('heading', { name: 'Shield this record' }).waitFor();
    await page.getByRole('button', { name: 'Shield the record' }).click();
    expect(await fieldError(page, 'reasonCode')).toContain('Choose why the record is shielded');
    await expectAccessible(page);
    await page.getByLabel('Why is the record shielded?').selectOption('witness-protection');
    await page.getByRole('button', { name: 'Shield the record' }).click();
    await expectNotice(page, 'The record is shielded.');
    expect(await page.locator('.manage').textContent()).toContain('Witness protection');
    expect((await recordAs('practitioner')).shieldingTeam).toBeDefined();
    await expectAccessible(page);
    await screenshot(page, 'node-shielded-by-officer');

    await page.getByRole('link', { name: 'Remove the shield' }).click();
    await page.getByRole('heading', { name: 'Remove the shield' }).waitFor();
    await page.getByRole('button', { name: 'Remove the shield' }).click();
    expect(await fieldError(page, 'confirm')).toContain('no longer applies');
    await expectAccessible(page);
    await page.getByLabel('The reason for shielding no longer applies').check();
    await page.getByRole('button', { name: 'Remove the shield' }).click();
    await expectNotice(page, 'The shield is removed.');
    await page.getByRole('link', { name: 'Shield this record' }).waitFor();
    expect((await recordAs('practitioner')).shielded).toBe(false);
    await page.context().close();
  });
});

describe('a practitioner in the web app', () => {
  it('sees none of the data managers’ or shielding officers’ actions, and cannot reach their pages', async () => {
    const page = await signedInPage(browser, baseUrl, practitioner);
    const nav = page.getByRole('navigation', { name: 'Main' });
    expect(await nav.getByRole('link', { name: 'Create a record' }).count()).toBe(0);
    expect(await nav.getByRole('link', { name: 'Handovers' }).count()).toBe(0);
    await nav.getByRole('link', { name: 'Change password' }).waitFor();

    await page.goto(`${baseUrl}/#/children/${childId}?reason=providing-a-service`);
    await page.getByRole('heading', { name: 'Maya Okonkwo-Reed', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'Register your involvement' }).waitFor();
    for (const action of ['Correct the record', 'Set the lead professional', 'Shield this record'])
      expect(await page.getByRole('link', { name: action }).count()).toBe(0);
    expect(await page.getByRole('heading', { name: 'Manage this record' }).count()).toBe(0);
    expect(await page.getByRole('link', { name: /(End|Correct) this involvement/ }).count()).toBe(0);
    await expectAccessible(page);

    for (const path of [
      `/children/${childId}/edit`,
      '/children/new',
      '/handovers',
      `/children/${childId}/shield`,
    ]) {
      await page.goto(`${baseUrl}/#${path}`);
      await page.getByRole('heading', { name: 'Find a child', level: 1 }).waitFor();
      expect(page.url()).toMatch(/#\/search$/);
    }
    await page.context().close();
  });
});
