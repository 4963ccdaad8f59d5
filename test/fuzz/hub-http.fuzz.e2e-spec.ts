import { DataSource } from 'typeorm';
import fc from 'fast-check';
import { request as httpsRequest } from 'node:https';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EnrolmentService } from '../../apps/hub/src/trust/enrolment/enrolment.service';
import { hubRequest, issueOperator, type ClientIdentity } from '../support/operator-https';
import { enrol, startHub, type HubUnderTest } from '../federation/federation-stack';
import { fuzzTestTimeout, type SkipEntry } from './fuzz-settings';
import {
  emptyStats,
  fuzzOperation,
  statsLine,
  summarise,
  type FuzzRequest,
  type HttpFuzzTarget,
} from './http-fuzz';
import type { Hints } from './openapi-arbitraries';
import { operationsOf, type OpenApiDocument, type Operation } from './openapi-operations';

/**
 * The hub's HTTPS API under generated requests: every operation of its OpenAPI document, as an operator
 * (client certificate), as an enrolled LA (its node certificate), and as nobody; valid and malformed.
 * No 5xx, no hang, nothing written by a refused request; afterwards it still answers.
 */
const EXPECTED_OPERATIONS = 12;
jest.setTimeout(fuzzTestTimeout(EXPECTED_OPERATIONS));

/** Known failures whose fix has not landed (see docs/fuzzing.md). Empty when none. */
const SKIPS: readonly SkipEntry[] = [];

/** Tables a refused request must leave alone (operator_action records refused operator actions too). */
const WATCHED_TABLES = [
  'certificate_revocation',
  'enrolment_token',
  'issued_certificate',
  'handover',
  'handover_delivery',
  'handover_step',
  'locator_entry',
  'locator_token',
  'locator_la_state',
];

const LA = 'E09000033';
let hub: HubUnderTest;
let nodeDir: string;
let operations: Operation[];
let enrolmentToken: string;
const identities = new Map<string, ClientIdentity>();

function send(fuzz: FuzzRequest, timeoutMs: number): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const call = httpsRequest(
      `${hub.url}${fuzz.url}`,
      {
        method: fuzz.method,
        ca: hub.caCertificatePem,
        agent: false,
        timeout: timeoutMs,
        ...(identities.get(fuzz.caller) ?? {}),
        headers: fuzz.contentType ? { 'content-type': fuzz.contentType } : {},
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    call.on('timeout', () => call.destroy(new Error(`no answer in ${timeoutMs} ms`)));
    call.on('error', reject);
    call.end(fuzz.body);
  });
}

const target: HttpFuzzTarget = {
  send,
  async rowCounts() {
    const select = WATCHED_TABLES.map((table) => `(SELECT count(*)::int FROM ${table}) AS ${table}`).join(
      ', ',
    );
    const [row] = await hub.app.get(DataSource).query<Record<string, number>[]>(`SELECT ${select}`);
    return row;
  },
  async alive() {
    const answer = await hubRequest(`${hub.url}/health/live`, { caCertificatePem: hub.caCertificatePem });
    return answer.status === 200;
  },
};

const hints: Hints = (name) => {
  if (/laCode/i.test(name)) return fc.constantFrom(LA, 'E08000025', 'e09000033');
  if (name === 'token') return fc.constantFrom(enrolmentToken, 'not-a-token');
  return undefined;
};

beforeAll(async () => {
  hub = await startHub({ jetStream: true });
  identities.set('operator', (await issueOperator(hub, 'fuzz-operator')).identity);
  nodeDir = mkdtempSync(join(tmpdir(), 'cp-fuzz-hub-'));
  const enrolled = await enrol(hub, LA, nodeDir);
  const credentials = enrolled.store.load(LA);
  identities.set('enrolled-la', { cert: credentials.certificatePem, key: credentials.privateKeyPem });
  identities.set('nobody', {});
  enrolmentToken = (await hub.app.get(EnrolmentService).createToken('E08000025')).token;
  const document = await hubRequest(`${hub.url}/api/v1/openapi.json`, {
    caCertificatePem: hub.caCertificatePem,
  });
  expect(document.status).toBe(200);
  operations = operationsOf(document.json<OpenApiDocument>());
});

afterAll(async () => {
  await hub?.stop();
  if (nodeDir) rmSync(nodeDir, { recursive: true, force: true });
});

describe('hub HTTP fuzz', () => {
  it('the document names every operation the fuzz suite drives', () => {
    expect(operations.length).toBeGreaterThanOrEqual(EXPECTED_OPERATIONS);
    expect(operations.map((operation) => `${operation.method} ${operation.path}`)).toEqual(
      expect.arrayContaining(['POST /api/v1/enrolments', 'GET /api/v1/handovers']),
    );
  });

  it('no operation answers 5xx or hangs, and a refused request writes nothing', async () => {
    const startedAt = Date.now();
    const stats = emptyStats();
    for (const operation of operations)
      await fuzzOperation(target, operation, [...identities.keys()], hints, stats, SKIPS);
    process.stdout.write(`${statsLine('hub HTTP', stats, startedAt)}\n`);
    expect(summarise(stats.findings)).toEqual([]);
    expect(stats.requests).toBeGreaterThanOrEqual(operations.length);
  });

  it('afterwards the hub still answers', async () => {
    expect(await target.alive()).toBe(true);
  });
});
