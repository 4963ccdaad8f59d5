import type { Browser, Locator, Page } from 'playwright-core';
import { randomBytes } from 'node:crypto';
import { HubHandoverBus } from '../../apps/hub/src/handover/hub-handover.bus';
import { NodeSearchBus } from '../../apps/node/src/cross-boundary-search/node-search-bus';
import { HandoverBus } from '../../apps/node/src/handover/handover.bus';
import { createEnrolledUser, type TestPractitioner } from '../support/practitioners';
import { eventually } from '../support/eventually';
import {
  indexedAtHub,
  startFederatedNode,
  stopFederatedNodes,
  type RunningNode,
} from '../federation/federated-node';
import { startHub, type HubUnderTest } from '../federation/federation-stack';
import { createChild, localHandover, movingChild } from '../handover/handover-support';
import { launchBrowser, screenshot } from './support/browser';
import { listenOnRealPort } from './support/node-web';
import { expectAccessible, expectNotice, fieldError, signedInPage } from './support/node-pages';

/**
 * Issue 16, handovers in the browser: the real hub and two real nodes over mutual-TLS NATS with JetStream,
 * each with its own PostgreSQL. Westminster's data manager starts a handover from the record page and
 * Birmingham's accepts it on the incoming list; Birmingham refuses another with a reason; Westminster cancels
 * a third; Birmingham's data manager asks Westminster for a record its cross-boundary search found. Every
 * step is done by clicking in Chromium, each page checked by axe-core, and the nodes' own rows checked too.
 */
jest.setTimeout(180_000);

const TOKEN_KEY = randomBytes(32).toString('base64');
const WESTMINSTER = { code: 'E09000033', name: 'Westminster' };
const BIRMINGHAM = { code: 'E08000025', name: 'Birmingham' };

interface Site {
  node: RunningNode;
  baseUrl: string;
  manager: TestPractitioner;
  page: Page;
}

let hub: HubUnderTest;
let browser: Browser;
let a: Site;
let b: Site;

async function startSite(la: { code: string; name: string }, manager: string): Promise<Site> {
  const node = await startFederatedNode(hub, {
    laCode: la.code,
    laName: la.name,
    label: 'web_handover_pages',
    tokenKey: TOKEN_KEY,
    ready: HandoverBus,
  });
  await node.app.get(NodeSearchBus).ready();
  const baseUrl = await listenOnRealPort(node.app);
  const user = await createEnrolledUser(node.app, { username: manager, role: 'data-manager' });
  return { node, baseUrl, manager: user, page: undefined as unknown as Page };
}

/** The row of the handovers page for this child (its id's first 8 characters are on every row). */
function rowFor(site: Site, childId: string): Locator {
  return site.page.locator('tbody tr', { hasText: childId.slice(0, 8) });
}

/** Opens the handovers page, reloading it until the child's row shows `text` (the steps run on the bus). */
async function handoverRowShows(site: Site, childId: string, text: string): Promise<string> {
  return eventually(
    async () => {
      // The page is read once when shown: a reload reads the list again.
      if (site.page.url().endsWith('#/handovers')) await site.page.reload();
      else await site.page.goto(`${site.baseUrl}/#/handovers`);
      await site.page.getByRole('heading', { name: 'Handovers', level: 1 }).waitFor();
      const row = rowFor(site, childId);
      if (!(await row.count())) return false;
      const shown = (await row.textContent()) ?? '';
      return shown.includes(text) ? shown : false;
    },
    `"${text}" on the handovers page for ${childId}`,
    60_000,
    500,
  );
}

/** Starts a handover of the child to Birmingham from Westminster's record page. */
async function startFromRecordPage(childId: string): Promise<void> {
  await a.page.goto(`${a.baseUrl}/#/children/${childId}?reason=maintaining-the-record`);
  await a.page.getByRole('link', { name: 'Hand over to another LA' }).click();
  await a.page.getByRole('heading', { name: 'Hand over to another LA', level: 1 }).waitFor();
  await a.page.getByLabel('The LA the child moved to').selectOption(BIRMINGHAM.code);
  await a.page.getByLabel('Why is the record moving?').selectOption('family-moved');
  await a.page.getByRole('button', { name: 'Start the handover' }).click();
  await expectNotice(a.page, `The handover to ${BIRMINGHAM.name} (${BIRMINGHAM.code}) is started.`);
}

/** Refuses or cancels the child's handover on the site's handovers page, with a reason from the list. */
async function endOnPage(site: Site, childId: string, action: 'Refuse' | 'Cancel', reason: string) {
  await rowFor(site, childId)
    .getByRole('link', { name: new RegExp(`^${action}`) })
    .click();
  const verb = action.toLowerCase();
  await site.page.getByRole('heading', { name: `${action} a handover`, level: 1 }).waitFor();
  await site.page.getByRole('button', { name: `${action} the handover` }).click();
  expect(await fieldError(site.page, 'reasonCode')).toContain('Choose a reason');
  await expectAccessible(site.page);
  await site.page.getByLabel(`Why do you ${verb} it?`).selectOption(reason);
  await site.page.getByRole('button', { name: `${action} the handover` }).click();
}

beforeAll(async () => {
  hub = await startHub({ jetStream: true });
  await hub.app.get(HubHandoverBus).ready();
  [a, b] = await Promise.all([startSite(WESTMINSTER, 'wes.manager'), startSite(BIRMINGHAM, 'bri.manager')]);
  browser = await launchBrowser();
  a.page = await signedInPage(browser, a.baseUrl, a.manager);
  b.page = await signedInPage(browser, b.baseUrl, b.manager);
});

afterAll(async () => {
  await browser?.close();
  await stopFederatedNodes([a?.node, b?.node]);
  await hub?.stop();
});

describe('handovers in the web app', () => {
  it('Westminster starts a handover from the record page; Birmingham accepts it; both show it completed', async () => {
    const childId = await createChild(a.node.app, movingChild(61));
    await startFromRecordPage(childId);
    const outgoing = (await rowFor(a, childId).textContent()) ?? '';
    expect(outgoing).toContain(BIRMINGHAM.name);
    expect(outgoing).toContain('Family moved');
    await expectAccessible(a.page);
    await screenshot(a.page, 'node-handovers-outgoing');

    const incoming = await handoverRowShows(b, childId, 'Waiting for this LA’s answer');
    expect(incoming).toContain(`${WESTMINSTER.name} (${WESTMINSTER.code})`);
    await expectAccessible(b.page);
    await screenshot(b.page, 'node-handovers-incoming');
    await rowFor(b, childId)
      .getByRole('button', { name: /^Accept/ })
      .click();
    await expectNotice(b.page, 'The handover is accepted.');

    await handoverRowShows(b, childId, 'Completed');
    await handoverRowShows(a, childId, 'Completed');
    expect((await localHandover(a.node.app, childId))?.state).toBe('completed');
    // Westminster's record is now the stub pointing at Birmingham.
    await a.page.goto(`${a.baseUrl}/#/children/${childId}?reason=maintaining-the-record`);
    await a.page.getByText(`Moved to ${BIRMINGHAM.name}`).waitFor();
    expect(await a.page.getByRole('link', { name: 'Hand over to another LA' }).count()).toBe(0);
  });

  it('Birmingham refuses a handover with a reason; Westminster sees it ended and its record is writable again', async () => {
    const childId = await createChild(a.node.app, movingChild(62));
    await startFromRecordPage(childId);
    await handoverRowShows(b, childId, 'Waiting for this LA’s answer');
    await endOnPage(b, childId, 'Refuse', 'not-the-same-child');
    await expectNotice(b.page, 'The handover is refused.');
    const shown = await handoverRowShows(a, childId, 'Ended: Not the same child');
    expect(shown).not.toContain('Cancel');
    expect((await localHandover(a.node.app, childId))?.end_reason).toBe('not-the-same-child');
    await a.page.goto(`${a.baseUrl}/#/children/${childId}?reason=maintaining-the-record`);
    await a.page.getByRole('link', { name: 'Hand over to another LA' }).waitFor();
  });

  it('Westminster cancels a handover in flight with a reason', async () => {
    const childId = await createChild(a.node.app, movingChild(63));
    await startFromRecordPage(childId);
    await endOnPage(a, childId, 'Cancel', 'started-in-error');
    await expectNotice(a.page, 'The handover is being cancelled.');
    await handoverRowShows(a, childId, 'Ended: Started in error');
    await screenshot(a.page, 'node-handovers-cancelled');
  });

  it('Birmingham asks Westminster for a record its cross-boundary search found', async () => {
    const childId = await createChild(a.node.app, movingChild(64));
    await indexedAtHub(hub, a.node, childId);
    await b.page.goto(`${b.baseUrl}/#/search`);
    await b.page.getByLabel('Why are you searching?').selectOption('maintaining-the-record');
    await b.page.getByLabel('Family name').fill('Movewell-64');
    await b.page.getByLabel('Date of birth').fill('2015-05-17');
    await b.page.getByRole('button', { name: 'Search' }).click();
    await b.page.getByRole('link', { name: /Movewell-64/ }).click();
    await b.page.getByRole('link', { name: `Ask ${WESTMINSTER.name} for this record` }).click();
    await b.page.getByRole('heading', { name: 'Ask for this record', level: 1 }).waitFor();
    await b.page.getByLabel('Why is the record moving?').selectOption('placed-in-other-area');
    await b.page.getByRole('button', { name: 'Ask for the record' }).click();
    expect(await fieldError(b.page, 'sameChildConfirmed')).toContain('Confirm it is the same child');
    await expectAccessible(b.page);
    await b.page.getByLabel(/I have confirmed this is the same child/).check();
    await b.page.getByRole('button', { name: 'Ask for the record' }).click();
    await expectNotice(b.page, `${WESTMINSTER.name} (${WESTMINSTER.code}) is asked for the record.`);
    expect(await rowFor(b, childId).textContent()).toContain('Placed in other area');

    // At Westminster the request waits for its data manager's answer, asked by Birmingham.
    const asked = await handoverRowShows(a, childId, 'Waiting for this LA’s answer');
    expect(asked).toContain(`${BIRMINGHAM.name} (${BIRMINGHAM.code})`);
    await rowFor(a, childId)
      .getByRole('link', { name: /^Refuse/ })
      .waitFor();
  });

  it("shows Westminster's IT administrator the handovers, with nothing to accept, refuse or cancel", async () => {
    const admin = await createEnrolledUser(a.node.app, { username: 'wes.admin', role: 'node-administrator' });
    const page = await signedInPage(browser, a.baseUrl, admin, 'LA IT console: Westminster');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Handovers' }).click();
    await page.getByRole('heading', { name: 'Handovers', level: 1 }).waitFor();
    const rows = page.locator('tbody tr');
    expect(await rows.count()).toBeGreaterThanOrEqual(4);
    expect(await page.getByRole('columnheader', { name: 'Actions' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /^Accept/ }).count()).toBe(0);
    expect(await page.getByRole('link', { name: /^(Refuse|Cancel)/ }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Create a record' }).count()).toBe(0);
    await expectAccessible(page);
    await page.context().close();
  });
});
