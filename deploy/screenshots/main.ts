import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { CreateChildRecordInput } from '@cp/record-model';
import { childrenFor } from '@cp/synthetic';
import { DemoSecrets } from '../demo/demo-state';
import { storedCredentials, totpCode } from '../demo/demo-users';
import { operatorP12File, OPERATOR_PASSPHRASE_SECRET } from '../demo/operator';

/**
 * `npm run screenshots`: drives the RUNNING demo (`npm run demo`) in Debian's Chromium and writes the README's
 * pictures to docs/screenshots/. Signs in as the demo users of .demo/secrets.json; all data is synthetic.
 */
const OUT = join(process.cwd(), 'docs', 'screenshots');
const BASE_PORT = Number(process.env.DEMO_BASE_PORT ?? 4000);
const SEED = Number(process.env.DEMO_SEED ?? 2026);
const WESTMINSTER = { code: 'E09000033', name: 'westminster', url: `http://127.0.0.1:${BASE_PORT + 1}` };
const BIRMINGHAM = { code: 'E08000025', name: 'birmingham', url: `http://127.0.0.1:${BASE_PORT + 2}` };
const KENT = { code: 'E10000016', name: 'kent', url: `http://127.0.0.1:${BASE_PORT + 3}` };
const HUB = `https://localhost:${BASE_PORT}`;
const DEMO_DIR = join(process.cwd(), '.demo');
const secrets = new DemoSecrets(join(DEMO_DIR, 'secrets.json'));

function credentials(username: string) {
  const found = storedCredentials(secrets, username);
  if (!found) throw new Error(`No demo user ${username}: start the demo first (npm run demo)`);
  return found;
}

async function apiToken(url: string, username: string): Promise<string> {
  const { password, totpSecret } = credentials(username);
  // A code works once: if the current step was used already, the next one is accepted too.
  for (const offset of [0, 1]) {
    const response = await fetch(`${url}/api/v1/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password, code: totpCode(totpSecret, offset) }),
    });
    if (response.ok) return ((await response.json()) as { accessToken: string }).accessToken;
  }
  throw new Error(`${username} could not sign in at ${url}`);
}

/** A synthetic child of an LA with several practitioners, as held by its node (its date of birth read back). */
async function exampleChild(la: typeof WESTMINSTER): Promise<CreateChildRecordInput> {
  const token = await apiToken(la.url, `${la.name}.practitioner`);
  const today = new Date().toISOString().slice(0, 10);
  const candidates = childrenFor(la.code, 60, SEED, today).filter(
    (child) => (child.involvements?.length ?? 0) >= 2 && child.carers?.length && child.educationalSetting,
  );
  for (const candidate of candidates) {
    const query = new URLSearchParams({
      reason: 'providing-a-service',
      familyName: candidate.familyName,
      givenName: candidate.givenName,
    });
    const response = await fetch(`${la.url}/api/v1/search?${query.toString()}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const body = (await response.json()) as {
      results: { shielded: boolean; child: { givenName: string; familyName: string; dateOfBirth: string } }[];
    };
    const held = body.results.find(
      (result) => !result.shielded && result.child.familyName === candidate.familyName,
    );
    if (held) return { ...candidate, dateOfBirth: held.child.dateOfBirth };
  }
  throw new Error(`No example child found at ${la.name}: is the demo seeded with seed ${SEED}?`);
}

/** The TOTP step each user last signed in with during this run: a code works once. */
const lastStep = new Map<string, number>();

/** A code this user has not used in this run, waiting for the clock when the next step is also spent. */
async function freshCode(username: string, secret: string): Promise<string> {
  for (;;) {
    const current = Math.floor(Date.now() / 30_000);
    // The next step first: the node accepts one step ahead, and a rerun soon after may have used this one.
    const step = Math.max(current + 1, (lastStep.get(username) ?? 0) + 1);
    if (step <= current + 1) {
      lastStep.set(username, step);
      return totpCode(secret, step - current);
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

/** A Westminster child with several practitioners; a local search by name needs no date of birth. */
function exampleLocalChild(): CreateChildRecordInput {
  const today = new Date().toISOString().slice(0, 10);
  const found = childrenFor(WESTMINSTER.code, 60, SEED, today).find(
    (child) => (child.involvements?.length ?? 0) >= 2 && child.carers?.length && child.educationalSetting,
  );
  if (!found) throw new Error('No example child at Westminster');
  return found;
}

async function signIn(page: Page, url: string, username: string): Promise<void> {
  const { password, totpSecret } = credentials(username);
  for (let attempt = 0; attempt < 2; attempt++) {
    await page.goto(`${url}/#/sign-in`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Password').fill(password);
    await page.getByLabel('Security code').fill(await freshCode(username, totpSecret));
    await page.getByRole('button', { name: 'Sign in' }).click();
    const signedIn = await page
      .getByRole('button', { name: 'Sign out' })
      .waitFor({ timeout: 5000 })
      .then(() => true)
      .catch(() => false);
    if (signedIn) return;
    console.error(`${username}: ${(await page.locator('.error-summary').textContent()) ?? 'not signed in'}`);
    // Spent by an earlier run: wait for a step of our own.
    lastStep.set(username, Math.floor(Date.now() / 30_000) + 1);
  }
  throw new Error(`${username} could not sign in through the page`);
}

async function searchPage(
  page: Page,
  child: CreateChildRecordInput,
  scope: 'federation' | 'local',
): Promise<void> {
  await page.getByRole('link', { name: 'Search', exact: true }).click();
  await page.getByLabel('Why are you searching?').selectOption('safeguarding-concern');
  await page.locator(`#scope-${scope}`).check();
  await page.getByLabel('Family name').fill(child.familyName);
  await page.getByLabel('Given name').fill(scope === 'local' ? child.givenName : '');
  await page.getByLabel('Date of birth').fill(scope === 'federation' ? child.dateOfBirth : '');
  await page.getByRole('button', { name: 'Search' }).click();
  await page.locator('#results-heading').waitFor();
}

async function practitionerScreens(browser: Browser): Promise<void> {
  const remote = await exampleChild(BIRMINGHAM);
  const local = exampleLocalChild();
  const page = await (
    await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' })
  ).newPage();
  await signIn(page, WESTMINSTER.url, 'westminster.practitioner');
  await searchPage(page, remote, 'federation');
  await page
    .getByRole('row', { name: /Birmingham/ })
    .first()
    .waitFor();
  await page.screenshot({ path: join(OUT, 'search.png'), fullPage: true });
  console.log('docs/screenshots/search.png');

  await searchPage(page, local, 'local');
  await page
    .getByRole('link', { name: `${local.givenName} ${local.familyName}` })
    .first()
    .click();
  await page.getByRole('heading', { name: 'Practitioners involved' }).waitFor();
  await page.screenshot({ path: join(OUT, 'record.png'), fullPage: true });
  console.log('docs/screenshots/record.png');
}

/**
 * A data manager's pages: the record page with its "Manage this record" actions (the top of the page), and
 * the form correcting the record, filled from it (carers, school, GP). Nothing is saved.
 */
async function dataManagerScreens(browser: Browser): Promise<void> {
  const local = exampleLocalChild();
  const page = await (
    await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' })
  ).newPage();
  await signIn(page, WESTMINSTER.url, 'westminster.data-manager');
  await searchPage(page, local, 'local');
  await page
    .getByRole('link', { name: `${local.givenName} ${local.familyName}` })
    .first()
    .click();
  await page.getByRole('heading', { name: 'Manage this record' }).waitFor();
  await page.evaluate('window.scrollTo(0, 0)');
  await page.screenshot({ path: join(OUT, 'record-manage.png') });
  console.log('docs/screenshots/record-manage.png');

  await page.getByRole('link', { name: 'Correct the record' }).click();
  await page.getByRole('heading', { name: /^Correct the record of/ }).waitFor();
  await page.screenshot({ path: join(OUT, 'record-correct.png'), fullPage: true });
  console.log('docs/screenshots/record-correct.png');
}

async function laConsoleScreen(browser: Browser): Promise<void> {
  const page = await (
    await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' })
  ).newPage();
  await signIn(page, WESTMINSTER.url, 'westminster.admin');
  await page.getByRole('heading', { name: 'Index feed to the hub' }).waitFor();
  await page.getByText('Changes waiting (outbox)').waitFor();
  await page.screenshot({ path: join(OUT, 'la-console.png'), fullPage: true });
  console.log('docs/screenshots/la-console.png');
}

/**
 * A little cross-boundary traffic for the hub console's charts: Kent's practitioner looks up other LAs'
 * synthetic children by NHS number (the hub routes each search to the LAs its index names).
 */
async function searchTraffic(): Promise<void> {
  const token = await apiToken(KENT.url, `${KENT.name}.practitioner`);
  const today = new Date().toISOString().slice(0, 10);
  const others = [WESTMINSTER, BIRMINGHAM].flatMap((la) =>
    childrenFor(la.code, 12, SEED, today).flatMap((child) => (child.nhsNumber ? [child.nhsNumber] : [])),
  );
  let answered = 0;
  for (const nhsNumber of others) {
    const response = await fetch(`${KENT.url}/api/v1/federation/search`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ reason: 'providing-a-service', nhsNumber }),
    });
    if (response.ok) answered += 1;
  }
  console.log(
    `${answered} of ${others.length} cross-boundary searches answered (traffic for the hub console)`,
  );
}

/**
 * The hub operators' console (docs/screenshots/hub-console.png), signed in with the demo operator's client
 * certificate (.demo/pki/demo-operator.p12, which `npm run demo` issues). With a client certificate,
 * Playwright carries the TLS itself and trusts the federation CA inside the PKCS#12.
 */
async function hubConsoleScreen(browser: Browser): Promise<void> {
  const passphrase = secrets.find(OPERATOR_PASSPHRASE_SECRET);
  if (!passphrase) throw new Error('No demo operator certificate: start the demo first (npm run demo)');
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    locale: 'en-GB',
    clientCertificates: [{ origin: HUB, pfxPath: operatorP12File(DEMO_DIR), passphrase }],
  });
  const page = await context.newPage();
  await page.goto(`${HUB}/console/`);
  for (const la of [WESTMINSTER, BIRMINGHAM, KENT]) {
    await page.locator(`#nodes tbody tr[data-la="${la.code}"] .state`).getByText('up').waitFor();
  }
  await page.locator('#traffic-chart svg').waitFor();
  await page.screenshot({ path: join(OUT, 'hub-console.png'), fullPage: true });
  console.log('docs/screenshots/hub-console.png');
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--lang=en-GB',
    ],
  });
  try {
    await searchTraffic();
    await practitionerScreens(browser);
    await dataManagerScreens(browser);
    await laConsoleScreen(browser);
    await hubConsoleScreen(browser);
  } finally {
    await browser.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
