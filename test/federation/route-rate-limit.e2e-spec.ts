import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import { connect, type NatsConnection } from 'nats';
import { DataSource } from 'typeorm';
import {
  MESSAGE_TYPES,
  SEARCH_MESSAGE_TYPES,
  searchRouteSubject,
  type SearchRouteReplyBody,
} from '@cp/contract';
import { locatorMaterial, locatorTokens } from '@cp/locator';
import {
  DEFAULT_FRESHNESS_MS,
  ReplayCache,
  signEnvelope,
  type JsonValue,
  type SignedEnvelope,
} from '@cp/pki';
import type { FederationOverview } from '../../apps/hub/src/operations/federation-health/federation-health.service';
import { SearchRoutingBus } from '../../apps/hub/src/search-routing/search-routing.bus';
import {
  requestFromHub,
  SearchRefusedByHubError,
} from '../../apps/node/src/cross-boundary-search/hub-search-client';
import { signingIdentity } from '../../apps/node/src/federation/sealed-envelopes';
import {
  FederationCertificateStore,
  type FederationCredentials,
} from '../../apps/node/src/federation/certificate-store';
import { eventually } from '../support/eventually';
import { hubRequest, issueOperator, type ClientIdentity } from '../support/operator-https';
import { enrol, laBusOptions, startHub, type HubUnderTest } from './federation-stack';

/**
 * The hub's per-LA limit on route lookups, over the real hub, real PostgreSQL and mutual-TLS NATS: an LA
 * over its limit gets a signed refusal 'rate-limited' with retryAfterSeconds, another LA is still answered,
 * the refusal is kept, and the operators' API shows the count per LA.
 */
jest.setTimeout(120_000);

const LA_A = 'E09000033';
const LA_B = 'E08000003';
const LIMIT = 3;
const TOKEN_KEY = randomBytes(32);

let hub: HubUnderTest;
let operator: ClientIdentity;
const dirs: string[] = [];
const links: Record<string, { connection: NatsConnection; credentials: FederationCredentials }> = {};

async function enrolLa(laCode: string): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), `cp-route-limit-${laCode}-`));
  dirs.push(dir);
  await enrol(hub, laCode, dir);
  return dir;
}

async function connectLa(laCode: string, dir: string): Promise<void> {
  const credentials = new FederationCertificateStore(dir).load(laCode);
  // The hub adds the LA to nats-server's users within NATS_USERS_REFRESH_SECONDS.
  let connection: NatsConnection | undefined;
  await eventually(async () => {
    connection = await connect({
      ...laBusOptions(hub, laCode, dir),
      reconnect: false,
    }).catch(() => undefined);
    return connection !== undefined;
  }, `${laCode} on the bus`);
  links[laCode] = { connection: connection as NatsConnection, credentials };
}

function routeBody(): JsonValue {
  const person = { familyName: 'Ashdown-Pryce', givenName: 'Lowenna', dateOfBirth: '2013-06-21' };
  return {
    v: 1,
    correlationId: randomUUID(),
    tokens: locatorTokens(locatorMaterial(person), TOKEN_KEY).map((token) => ({
      kind: token.kind,
      value: token.value,
    })),
  };
}

const replayCache = new ReplayCache(DEFAULT_FRESHNESS_MS);

/** A route lookup through the node's own client: the reply is verified against the pinned hub certificate. */
function lookUp(laCode: string): Promise<SignedEnvelope> {
  const { connection, credentials } = links[laCode];
  return requestFromHub({
    connection,
    credentials,
    subject: searchRouteSubject(laCode),
    type: SEARCH_MESSAGE_TYPES.routeRequest,
    expectedReplyType: SEARCH_MESSAGE_TYPES.routeReply,
    body: routeBody(),
    timeoutMs: 5000,
    replayCache,
  });
}

/** The same lookup, its reply read as sent (to see the refusal's fields). */
async function lookUpRaw(laCode: string): Promise<SignedEnvelope> {
  const { connection, credentials } = links[laCode];
  const envelope = signEnvelope(signingIdentity(credentials), {
    recipient: 'hub',
    type: SEARCH_MESSAGE_TYPES.routeRequest,
    body: routeBody(),
  });
  const reply = await connection.request(searchRouteSubject(laCode), JSON.stringify(envelope), {
    timeout: 5000,
  });
  return JSON.parse(reply.string()) as SignedEnvelope;
}

async function rateLimitedOnConsole(laCode: string): Promise<number | undefined> {
  const answer = await hubRequest(`${hub.url}/api/v1/operations/overview`, {
    caCertificatePem: hub.caCertificatePem,
    identity: operator,
  });
  expect(answer.status).toBe(200);
  return answer.json<FederationOverview>().nodes.find((node) => node.laCode === laCode)?.search.rateLimited;
}

beforeAll(async () => {
  hub = await startHub({
    settings: { ROUTE_LOOKUP_RATE_LIMIT: LIMIT, ROUTE_LOOKUP_RATE_LIMIT_WINDOW_SECONDS: 60 },
  });
  operator = (await issueOperator(hub, 'route-limit-operator')).identity;
  await hub.app.get(SearchRoutingBus).ready();
  const dirOf: Record<string, string> = { [LA_A]: await enrolLa(LA_A), [LA_B]: await enrolLa(LA_B) };
  for (const laCode of [LA_A, LA_B]) await connectLa(laCode, dirOf[laCode]);
  // Each LA's first answered lookup (its subjects reach the hub once nats-server has reloaded its users).
  for (const laCode of [LA_A, LA_B]) {
    await eventually(
      () =>
        lookUp(laCode).then(
          () => true,
          () => false,
        ),
      `a route answer for ${laCode}`,
    );
  }
});

afterAll(async () => {
  for (const link of Object.values(links)) await link.connection.close();
  await hub?.stop();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

it('refuses an LA over its route-lookup limit with a signed rate-limited refusal; another LA is still answered; the console counts it', async () => {
  // The first of A's lookups within the limit was answered in beforeAll.
  for (let i = 1; i < LIMIT; i += 1) {
    const reply = await lookUp(LA_A);
    expect(Array.isArray((reply.body as unknown as SearchRouteReplyBody).candidates)).toBe(true);
  }

  // Over the limit: a refusal the node's client verifies as the hub's, with the reason code.
  const refused = await lookUp(LA_A).then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(refused).toBeInstanceOf(SearchRefusedByHubError);
  expect((refused as SearchRefusedByHubError).reason).toBe('rate-limited');

  // As sent: signed by the hub for A, telling A when to try again.
  const raw = await lookUpRaw(LA_A);
  expect(raw).toMatchObject({ sender: 'hub', recipient: LA_A, type: MESSAGE_TYPES.refusal });
  expect(raw.body).toMatchObject({ reason: 'rate-limited' });
  const retryAfter = Number((raw.body as Record<string, string>).retryAfterSeconds);
  expect(Number.isInteger(retryAfter)).toBe(true);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(60);

  // Another LA has a limit of its own.
  const forB = await lookUp(LA_B);
  expect(forB.type).toBe(SEARCH_MESSAGE_TYPES.routeReply);

  // Kept per LA, and shown to the operators.
  const kept = await hub.app
    .get(DataSource)
    .query<{ la_code: string; n: string }[]>(
      `SELECT la_code, count(*) AS n FROM route_lookup_refusal GROUP BY la_code ORDER BY la_code`,
    );
  expect(kept).toEqual([{ la_code: LA_A, n: '2' }]);
  expect(await rateLimitedOnConsole(LA_A)).toBe(2);
  expect(await rateLimitedOnConsole(LA_B)).toBe(0);
  const metrics = await hubRequest(`${hub.url}/metrics`, {
    caCertificatePem: hub.caCertificatePem,
    identity: operator,
  });
  expect(metrics.text).toContain(`cp_hub_route_lookups_rate_limited_last_hour{la="${LA_A}"} 2`);
  expect(metrics.text).toContain(`cp_hub_route_lookups_rate_limited_last_hour{la="${LA_B}"} 0`);
});
