import type { Browser, Page } from 'playwright-core';
import { createHash, createPublicKey } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { createCertificateRequest, generateRsaKeyPair } from '@cp/pki';
import { HubPkiFiles } from '../../apps/hub/src/trust/certificates/pki-files';
import { EnrolmentService } from '../../apps/hub/src/trust/enrolment/enrolment.service';
import { FederationCertificateStore } from '../../apps/node/src/federation/certificate-store';
import { enrolNode } from '../../apps/node/src/federation/enrolment-client';
import { hubHttps } from '../../apps/node/src/federation/hub-https';
import { enrol, startHub, type HubUnderTest } from '../federation/federation-stack';
import { issueOperator, OPERATOR_P12_PASSPHRASE } from '../support/operator-https';
import { accessibilityViolations, launchBrowser, newPage, screenshot } from './support/browser';

/**
 * The hub console names LAs by the name given at enrolment (issue 16): the operator's token
 * (`enrolment:token --la-name`) or, when the operator gave none, the node's enrolment request. An LA
 * enrolled with no name shows its code alone. Names are stored at the hub, not looked up in the code.
 */
jest.setTimeout(180_000);

const OPERATOR_NAMED = 'E09000033';
const REQUEST_NAMED = 'E08000001';
const UNNAMED = 'E06000001';

let hub: HubUnderTest;
let browser: Browser;
let operatorPfx: Buffer;
const dirs: string[] = [];

function spkiPin(certificatePem: string): string {
  const spki = createPublicKey(certificatePem).export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(spki).digest('base64');
}

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cp-la-names-'));
  dirs.push(dir);
  return dir;
}

/** The enrolment request as a node sends it, with a name of its own in the body. */
async function enrolWithName(laCode: string, laName: string): Promise<{ status: number; body: string }> {
  const token = await hub.app.get(EnrolmentService).createToken(laCode);
  const keys = await generateRsaKeyPair(2048);
  const csrPem = createCertificateRequest({ laCode, privateKeyPem: keys.privateKeyPem });
  const ca = readFileSync(new HubPkiFiles(hub.pkiDir).caCertificate, 'utf8');
  return hubHttps(`${hub.url}/api/v1/enrolments`, {
    method: 'POST',
    body: { token: token.token, csrPem, laName },
    ca,
  });
}

async function rowText(page: Page, laCode: string): Promise<string> {
  return (await page.locator(`#nodes tbody tr[data-la="${laCode}"] th`).textContent()) ?? '';
}

beforeAll(async () => {
  hub = await startHub();
  operatorPfx = (await issueOperator(hub, 'la-names-test')).pkcs12;
  // The operator names the LA on its token; the node enrols with it through the real client.
  const token = await hub.app.get(EnrolmentService).createToken(OPERATOR_NAMED, new Date(), {
    laName: 'Westminster',
  });
  await enrolNode({
    hubUrl: hub.url,
    token: token.token,
    caFingerprint: hub.caFingerprint,
    laCode: OPERATOR_NAMED,
    store: new FederationCertificateStore(tempDir()),
  });
  await enrol(hub, UNNAMED, tempDir());
  browser = await launchBrowser([
    `--ignore-certificate-errors-spki-list=${spkiPin(readFileSync(new HubPkiFiles(hub.pkiDir).hubCertificate, 'utf8'))}`,
  ]);
});

afterAll(async () => {
  await browser?.close();
  await hub?.stop();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('LA names at enrolment', () => {
  it('refuses a name that is not one, naming laName, and leaves the token unused', async () => {
    const refused = await enrolWithName(REQUEST_NAMED, '<b>Bolton</b>');
    expect(refused.status).toBe(400);
    expect(refused.body).toContain('laName');
    const [row] = await hub.app
      .get(DataSource)
      .query<{ used: number }[]>(
        `SELECT count(*)::int AS used FROM enrolment_token WHERE la_code = $1 AND used_at IS NOT NULL`,
        [REQUEST_NAMED],
      );
    expect(row.used).toBe(0);
  });

  it('keeps the name in the enrolment request when the operator gave none', async () => {
    const enrolled = await enrolWithName(REQUEST_NAMED, 'Bolton');
    expect(enrolled.status).toBe(201);
    const [row] = await hub.app
      .get(DataSource)
      .query<{ la_name: string }[]>(
        `SELECT la_name FROM enrolment_token WHERE la_code = $1 AND used_at IS NOT NULL`,
        [REQUEST_NAMED],
      );
    expect(row.la_name).toBe('Bolton');
  });

  it('refuses a bad name at the operator too', async () => {
    await expect(
      hub.app.get(EnrolmentService).createToken(UNNAMED, new Date(), { laName: 'x' }),
    ).rejects.toThrow(/laName/);
  });
});

describe('hub console', () => {
  it('shows each LA by its name with its code, or its code alone; accessible', async () => {
    const page = await newPage(browser, {
      clientCertificates: [{ origin: hub.url, pfx: operatorPfx, passphrase: OPERATOR_P12_PASSPHRASE }],
    });
    await page.goto(`${hub.url}/console/`);
    await page.locator(`#nodes tbody tr[data-la="${UNNAMED}"]`).waitFor();
    expect(await rowText(page, OPERATOR_NAMED)).toBe(`Westminster (${OPERATOR_NAMED})`);
    expect(await rowText(page, REQUEST_NAMED)).toBe(`Bolton (${REQUEST_NAMED})`);
    expect(await rowText(page, UNNAMED)).toBe(UNNAMED);
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'hub-console-la-names');
    await page.context().close();
  });
});
