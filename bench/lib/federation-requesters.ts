import { parentPort, workerData } from 'node:worker_threads';
import { randomUUID } from 'node:crypto';
import { connect, type NatsConnection } from 'nats';
import { hubRequestSubject } from '@cp/contract';
import { DEFAULT_FRESHNESS_MS, natsClientOptions, ReplayCache, verifyCertificate } from '@cp/pki';
import { UnavailableError } from '@cp/errors';
import {
  askOtherLas,
  type FederatedOutcome,
} from '../../apps/node/src/cross-boundary-search/federated-query';
import type { FederationCredentials } from '../../apps/node/src/federation/certificate-store';
import { BENCH_TOKEN_KEY } from './bench-key';
import { runConcurrent, warmUp } from './concurrency';
import { threadCpuMs } from './cpu-accounting';
import { federationQuery, type BenchFederation } from './federation-queries';
import type { LatencySummary } from './stats';

/**
 * Asking nodes, in a worker thread: one NATS connection and certificate per LA, each search run through the
 * node's own askOtherLas (tokens, route, certificate checks, sealed and signed queries, forward, answers
 * verified and opened). The baseline is a raw request-reply to the hub over the same TLS connection.
 */
export const ECHO_OPERATION = 'bench-echo';

export interface RunRequest {
  kind: 'search' | 'baseline';
  concurrency: number;
  total: number;
  /** The first search number of this run (runs use different searches, so nonces and routes are fresh). */
  from: number;
}

export interface RunResult {
  latency: LatencySummary;
  searches: number;
  meanRoutedTo: number;
  /** LAs routed to per search that do not hold the target (its criteria sent for nothing). */
  meanNeedless: number;
  meanAnswered: number;
  unanswered: number;
  notReached: number;
  /** Searches whose target child was among the results. */
  targetFound: number;
}

async function main(): Promise<void> {
  const setup = workerData as BenchFederation;
  const links = new Map<string, { connection: NatsConnection; credentials: FederationCredentials }>();
  for (const la of setup.las) {
    const check = verifyCertificate(la.certificatePem, {
      caCertificatePem: setup.caCertificatePem,
      expect: 'la',
    });
    if (!check.ok) throw new Error(`bench certificate of ${la.laCode}: ${check.reason}`);
    const connection = await connect({
      // As the node's search bus: no stack captured per request.
      noAsyncTraces: true,
      ...natsClientOptions({
        url: setup.natsUrl,
        identity: { kind: 'la', laCode: la.laCode },
        name: `bench-requester-${la.laCode}`,
        tls: {
          caCertificatePem: setup.caCertificatePem,
          certificatePem: la.certificatePem,
          privateKeyPem: la.privateKeyPem,
        },
      }),
    });
    links.set(la.laCode, {
      connection,
      credentials: {
        laCode: la.laCode,
        privateKeyPem: la.privateKeyPem,
        certificatePem: la.certificatePem,
        caCertificatePem: setup.caCertificatePem,
        hubCertificatePem: setup.hubCertificatePem,
        certificate: check.certificate,
      },
    });
  }
  const replayCaches = new Map(setup.las.map((la) => [la.laCode, new ReplayCache(DEFAULT_FRESHNESS_MS)]));
  const echoPayload = 'x'.repeat(2048);

  const run = async (request: RunRequest): Promise<RunResult> => {
    let routed = 0;
    let needless = 0;
    let answered = 0;
    let unanswered = 0;
    let notReached = 0;
    let found = 0;
    const search = async (index: number) => {
      const query = federationQuery(request.from + index, setup.entries);
      const link = links.get(query.asker);
      if (!link) throw new Error(`no link for ${query.asker}`);
      if (request.kind === 'baseline') {
        await link.connection.request(hubRequestSubject(query.asker, ECHO_OPERATION), echoPayload, {
          timeout: 5000,
        });
        return;
      }
      let outcome: FederatedOutcome;
      try {
        outcome = await askOtherLas({
          ...link,
          criteria: query.criteria,
          person: query.criteria,
          requester: {
            userId: randomUUID(),
            role: 'practitioner',
            reason: 'safeguarding-concern',
            correlationId: randomUUID(),
          },
          tokenKey: BENCH_TOKEN_KEY,
          replayCache: replayCaches.get(query.asker) as ReplayCache,
        });
      } catch (error) {
        // The node's service answers with its local results and federation.reached = false.
        if (!(error instanceof UnavailableError)) throw error;
        notReached += 1;
        return;
      }
      routed += outcome.routedTo.length;
      needless += outcome.routedTo.filter((laCode) => laCode !== query.target.laCode).length;
      answered += outcome.answered.length;
      unanswered += outcome.unanswered.length;
      if (!outcome.reached) notReached += 1;
      if (outcome.matches.some((match) => match.id === query.target.id)) found += 1;
    };
    const latency = await runConcurrent(request.concurrency, request.total, search);
    return {
      latency,
      searches: request.total,
      meanRoutedTo: routed / request.total,
      meanNeedless: needless / request.total,
      meanAnswered: answered / request.total,
      unanswered,
      notReached,
      targetFound: found,
    };
  };

  parentPort?.on(
    'message',
    (message: RunRequest | { warmUp: number; from: number } | { stop: true } | { cpu: true }) => {
      if ('cpu' in message) {
        parentPort?.postMessage({ cpuMs: threadCpuMs() });
        return;
      }
      if ('stop' in message) {
        void Promise.all([...links.values()].map((link) => link.connection.drain())).then(() =>
          process.exit(0),
        );
        return;
      }
      if ('warmUp' in message) {
        void warmUp(message.warmUp, (index) =>
          run({ kind: 'search', concurrency: 1, total: 1, from: message.from + index }),
        ).then(() => parentPort?.postMessage({ warmedUp: true }));
        return;
      }
      run(message)
        .then((result) => parentPort?.postMessage({ result }))
        .catch((error: unknown) =>
          parentPort?.postMessage({
            error: error instanceof Error ? (error.stack ?? error.message) : String(error),
          }),
        );
    },
  );
  parentPort?.postMessage({ ready: true });
}

main().catch((error: unknown) => {
  parentPort?.postMessage({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
});
