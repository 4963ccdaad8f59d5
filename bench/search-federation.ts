import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { X509Certificate } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import { connect } from 'nats';
import { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { hubRequestPattern } from '@cp/contract';
import { ensureDatabase } from '@cp/database';
import {
  createCertificateRequest,
  decryptPrivateKey,
  generatePartyKeyPair,
  isPartyKeyKind,
  issueLaCertificate,
  natsClientOptions,
} from '@cp/pki';
import { createHubApp } from '../apps/hub/src/bootstrap';
import { createFederationCa } from '../apps/hub/src/trust/ca/create-federation-ca';
import { HubPkiFiles } from '../apps/hub/src/trust/certificates/pki-files';
import { IssuanceLogService } from '../apps/hub/src/trust/certificates/issuance-log.service';
import { HubSettings } from '../apps/hub/src/config/hub-settings';
import { HUB_MIGRATIONS } from '../apps/hub/src/database/migrations';
import { MessageLogService } from '../apps/hub/src/message-log/message-log.service';
import { RoutingLogWriter } from '../apps/hub/src/search-routing/routing-log-writer';
import { SearchRoutingBus } from '../apps/hub/src/search-routing/search-routing.bus';
import { startNatsTls } from '../test/support/nats-tls';
import type { BenchFederation, BenchLa } from './lib/federation-queries';
import { ECHO_OPERATION, type RunRequest, type RunResult } from './lib/federation-requesters';
import { cpuBetween, cpuSnapshot, threadCpuMs, type CpuUsed } from './lib/cpu-accounting';
import { loadedEntries, loadPopulation } from './lib/index-loader';
import { LA_CODES, LA_COUNT } from './lib/index-population';
import { machineDescription } from './lib/machine';
import { SUMMARY_HEADER, summaryRow } from './lib/stats';
import { messageLogCost, messageLogRun } from './lib/message-log-cost';

/**
 * `npm run bench:search`, federation half (issue 5, item 7): the whole cross-boundary search.
 * The real hub (its Nest app, search routing, locator index of >= 1,000,000 entries from 150 LAs in its
 * PostgreSQL) and a real nats-server with mutual TLS; 150 LAs each with its own certificate from the
 * bench's CA, as asking nodes (worker thread, the node's own askOtherLas) and as answering nodes (worker
 * thread, the node's own verify/open/seal/sign code, matching over generated records in memory).
 * Times a whole search (tokens -> route -> sealed queries -> forward -> answers opened) at 1 and 50
 * concurrent, beside a raw NATS request-reply to the hub over the same TLS connections.
 * Options: --entries N (default 1000000, or BENCH_ENTRIES), --searches N (default 400; 5x that at 50 and
 * 200 concurrent), --key-kind ec-p256|rsa-2048 (the LAs' keys; default ec-p256).
 * Database: BENCH_DATABASE_URL, or cp_bench_index on TEST_DATABASE_SERVER / 127.0.0.1:5432 (shared with
 * bench/search-index.ts, which loads the same population).
 */
const argument = (name: string, fallback: number) => {
  const at = process.argv.indexOf(name);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
};
/** --key-kind ec-p256 (default, as the product makes keys now) or rsa-2048 (the keys before issue 14). */
const KEY_KIND_ARGUMENT = process.argv[process.argv.indexOf('--key-kind') + 1];
const KEY_KIND =
  process.argv.includes('--key-kind') && isPartyKeyKind(KEY_KIND_ARGUMENT) ? KEY_KIND_ARGUMENT : 'ec-p256';
const ENTRIES = argument('--entries', Number(process.env.BENCH_ENTRIES ?? 1_000_000));
const SEARCHES = argument('--searches', 400);
const PASSPHRASE = 'bench passphrase for the CA';
const write = (line = '') => process.stdout.write(`${line}\n`);

function startWorker<T>(file: string, data: BenchFederation): { worker: Worker; ready: Promise<T> } {
  const worker = new Worker(join(__dirname, 'lib', file), {
    workerData: data,
    // BENCH_CPU_PROF=<dir>: each worker writes a V8 CPU profile there (run the main thread with --cpu-prof).
    execArgv: [
      '--require',
      join(__dirname, 'lib', 'register.js'),
      ...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_CPU_PROF] : []),
    ],
  });
  const ready = new Promise<T>((resolve, reject) => {
    worker.on('error', reject);
    worker.on('message', (message: { ready?: boolean; error?: string }) => {
      if (message.error) {
        process.stderr.write(`${file}: ${message.error}\n`);
        reject(new Error(message.error));
      } else if (message.ready) resolve(undefined as T);
    });
  });
  return { worker, ready };
}

function ask<T>(worker: Worker, message: unknown, key: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const listen = (reply: Record<string, unknown>) => {
      if (reply.error) {
        worker.off('message', listen);
        reject(new Error(JSON.stringify(reply.error)));
      } else if (key in reply) {
        worker.off('message', listen);
        resolve(reply[key] as T);
      }
    };
    worker.on('message', listen);
    worker.postMessage(message);
  });
}

async function ensureIndex(url: string): Promise<string> {
  await ensureDatabase(url);
  const schema = new DataSource({ type: 'postgres', url, migrations: HUB_MIGRATIONS, logging: false });
  await schema.initialize();
  await schema.runMigrations();
  await schema.destroy();
  const pool = new Pool({ connectionString: url, max: 4 });
  try {
    const have = await loadedEntries(pool);
    if (have !== ENTRIES) {
      write(`Loading ${ENTRIES.toLocaleString('en-GB')} index entries from ${LA_COUNT} LAs...`);
      await loadPopulation(pool, ENTRIES, write);
    }
    await pool.query('TRUNCATE search_routing_log');
    // bench/search-index.ts migrates with TypeORM's default table name; the hub app reads its own
    // (schema_migrations). Record the same migrations there, so the hub does not run them twice.
    await pool.query('CREATE TABLE IF NOT EXISTS schema_migrations (LIKE migrations INCLUDING ALL)');
    await pool.query(
      'INSERT INTO schema_migrations SELECT * FROM migrations WHERE name NOT IN (SELECT name FROM schema_migrations)',
    );
    const { rows } = await pool.query<{ server_version: string }>('SHOW server_version');
    return rows[0].server_version;
  } finally {
    await pool.end();
  }
}

async function issueLaCertificates(pkiDir: string, caCertificatePem: string): Promise<BenchLa[]> {
  const files = new HubPkiFiles(pkiDir);
  const caKey = decryptPrivateKey(files.read(files.caEncryptedKey), PASSPHRASE);
  return Promise.all(
    LA_CODES.map(async (laCode) => {
      const keys = await generatePartyKeyPair(KEY_KIND);
      const csrPem = createCertificateRequest({ laCode, privateKeyPem: keys.privateKeyPem });
      const issued = issueLaCertificate({
        ca: { certificatePem: caCertificatePem, privateKeyPem: caKey },
        csrPem,
        laCode,
      });
      return { laCode, certificatePem: issued.certificatePem, privateKeyPem: keys.privateKeyPem };
    }),
  );
}

const serialOf = (pem: string) => new X509Certificate(pem).serialNumber.toLowerCase();

async function main(): Promise<void> {
  const server = process.env.TEST_DATABASE_SERVER ?? 'postgres://postgres@127.0.0.1:5432';
  const url = process.env.BENCH_DATABASE_URL ?? `${server}/cp_bench_index`;
  const postgresVersion = await ensureIndex(url);

  const pkiDir = mkdtempSync(join(tmpdir(), 'cp-bench-federation-'));
  const created = await createFederationCa({ dir: pkiDir, passphrase: PASSPHRASE, caKeyBits: 2048 });
  const hubKeyPem = created.files.read(created.files.hubKey);
  const las = await issueLaCertificates(pkiDir, created.caCertificatePem);
  const nats = await startNatsTls({
    ca: { certificatePem: created.caCertificatePem },
    server: { certificatePem: created.hubCertificatePem, privateKeyPem: hubKeyPem },
    users: [
      { identity: { kind: 'hub' }, serial: serialOf(created.hubCertificatePem) },
      ...las.map((la) => ({
        identity: { kind: 'la' as const, laCode: la.laCode },
        serial: serialOf(la.certificatePem),
      })),
    ],
    jetStream: true,
  });
  const settings = Object.assign(new HubSettings(), {
    DATABASE_URL: url,
    HUB_PKI_DIR: pkiDir,
    NATS_URL: nats.url,
    NATS_SERVER_PORT: nats.port,
  });
  const hub = await createHubApp(settings, ['error']);
  await hub.init();
  const issuance = hub.get(IssuanceLogService);
  await issuance.append(created.hubCertificatePem, 'hub');
  for (const la of las) await issuance.append(la.certificatePem, la.laCode);
  await hub.get(SearchRoutingBus).ready();

  // The baseline's far end: the hub answering a raw request at once, on its own connection.
  const echo = await connect(
    natsClientOptions({
      url: nats.url,
      identity: { kind: 'hub' },
      name: 'bench-echo',
      tls: {
        caCertificatePem: created.caCertificatePem,
        certificatePem: created.hubCertificatePem,
        privateKeyPem: hubKeyPem,
      },
    }),
  );
  echo.subscribe(hubRequestPattern(ECHO_OPERATION), {
    callback: (_error, message) => message.respond(message.data),
  });
  await echo.flush();

  const runs: RunRequest[] = [
    { kind: 'search', concurrency: 1, total: SEARCHES, from: 1_000 },
    { kind: 'search', concurrency: 50, total: SEARCHES * 5, from: 1_000 + SEARCHES },
    { kind: 'search', concurrency: 200, total: SEARCHES * 5, from: 1_000 + SEARCHES * 6 },
    { kind: 'baseline', concurrency: 1, total: SEARCHES * 2, from: 0 },
    { kind: 'baseline', concurrency: 50, total: SEARCHES * 10, from: 0 },
    { kind: 'baseline', concurrency: 200, total: SEARCHES * 10, from: 0 },
  ];
  const setup: BenchFederation = {
    natsUrl: nats.url,
    caCertificatePem: created.caCertificatePem,
    hubCertificatePem: created.hubCertificatePem,
    las,
    entries: ENTRIES,
    queries: 1_000 + SEARCHES * 11,
  };
  const answerers = startWorker('federation-answerers.ts', setup);
  const requesters = startWorker('federation-requesters.ts', setup);
  try {
    await Promise.all([answerers.ready, requesters.ready]);
    await ask(requesters.worker, { warmUp: 100, from: 0 }, 'warmedUp');
    const messageLog = hub.get(MessageLogService);
    Object.assign(messageLog.written, { statements: 0, rows: 0, ms: 0 });

    write(`## bench:search (cross-boundary search) — ${machineDescription(`PostgreSQL ${postgresVersion}`)}`);
    write();
    write(
      `Hub index: ${ENTRIES.toLocaleString('en-GB')} entries from ${LA_COUNT} LAs; ${LA_COUNT} LAs (${KEY_KIND} keys) on mutual-TLS NATS, ` +
        'each with its own certificate; hub, asking nodes and answering nodes in one process (three threads) ' +
        'with PostgreSQL and nats-server on the same machine.',
    );
    write();
    for (const line of SUMMARY_HEADER) write(line);
    const results: {
      run: RunRequest;
      result: RunResult;
      cpu: CpuUsed;
      threads: { hub: number; asking: number; answering: number };
    }[] = [];
    const backends = async () =>
      (
        await hub
          .get(DataSource)
          .query<{ pid: number }[]>('SELECT pid FROM pg_stat_activity WHERE datname = current_database()')
      ).map((row) => row.pid);
    const threads = async () => ({
      hub: threadCpuMs(),
      asking: await ask<number>(requesters.worker, { cpu: true }, 'cpuMs'),
      answering: await ask<number>(answerers.worker, { cpu: true }, 'cpuMs'),
    });
    const perRun: string[] = [];
    for (const run of runs) {
      const logBefore = { ...messageLog.written };
      const before = cpuSnapshot(nats.pid, await backends());
      const threadsBefore = await threads();
      const result = await ask<RunResult>(requesters.worker, run, 'result');
      const threadsAfter = await threads();
      results.push({
        run,
        result,
        cpu: cpuBetween(before, cpuSnapshot(nats.pid, await backends())),
        threads: {
          hub: threadsAfter.hub - threadsBefore.hub,
          asking: threadsAfter.asking - threadsBefore.asking,
          answering: threadsAfter.answering - threadsBefore.answering,
        },
      });
      const name =
        run.kind === 'search'
          ? 'whole cross-boundary search (askOtherLas)'
          : 'baseline: raw NATS request-reply to the hub (TLS)';
      write(summaryRow(name, run.concurrency, result.latency));
      if (run.kind === 'search')
        perRun.push(messageLogRun(run.concurrency, result.searches, logBefore, messageLog.written));
    }
    write();
    write(
      '| concurrent | searches | mean LAs routed to | of them not holding the child | mean LAs answered | unanswered | hub not reached | target child found |',
    );
    write('|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const { run, result } of results.filter((entry) => entry.run.kind === 'search')) {
      write(
        `| ${run.concurrency} | ${result.searches} | ${result.meanRoutedTo.toFixed(2)} | ${result.meanNeedless.toFixed(2)} | ${result.meanAnswered.toFixed(2)} | ${result.unanswered} | ${result.notReached} | ${((100 * result.targetFound) / result.searches).toFixed(1)}% |`,
      );
    }
    write();
    write(
      'CPU used per operation, ms: the hub (main thread), the asking and answering nodes (one thread each), ' +
        'the whole process, its nats-server, its PostgreSQL backends; "hub side" is hub + nats-server + PostgreSQL:',
    );
    write();
    write(
      '| measure | concurrent | n | hub | asking | answering | process | nats-server | PostgreSQL | total | hub side |',
    );
    write('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const { run, result, cpu, threads } of results) {
      const per = (ms: number) => (ms / result.latency.count).toFixed(2);
      const cells = [
        threads.hub,
        threads.asking,
        threads.answering,
        cpu.bench,
        cpu.nats,
        cpu.postgres,
        cpu.bench + cpu.nats + cpu.postgres,
        threads.hub + cpu.nats + cpu.postgres,
      ].map(per);
      write(`| ${run.kind} | ${run.concurrency} | ${result.latency.count} | ${cells.join(' | ')} |`);
    }
    const rows = await hub.get(DataSource).query<{ lookup: string; forward: string; routes: string }[]>(
      `SELECT round(avg(lookup_ms), 1) AS lookup, round(avg(forward_ms), 1) AS forward, count(*) AS routes
         FROM search_routing_log`,
    );
    write();
    const written = hub.get(RoutingLogWriter).written();
    write(
      'Routing log group commits (statements / rows): ' +
        Object.entries(written)
          .map(([kind, count]) => `${kind} ${count.statements} / ${count.items}`)
          .join(', '),
    );
    write();
    write(
      `Hub routing log over the runs: ${rows[0].routes} routes, mean route step ${rows[0].lookup} ms ` +
        `(index lookup + certificates + log insert), mean forward step ${rows[0].forward} ms.`,
    );
    write();
    const searches = results
      .filter((entry) => entry.run.kind === 'search')
      .reduce((sum, entry) => sum + entry.result.searches, 0);
    for (const line of await messageLogCost(hub.get(DataSource), messageLog, searches)) write(line);
    write();
    for (const line of perRun) write(line);
    write();
  } finally {
    answerers.worker.postMessage({ stop: true });
    requesters.worker.postMessage({ stop: true });
    await echo.drain();
    await hub.close();
    await nats.stop();
    rmSync(pkiDir, { recursive: true, force: true });
    // Let the workers drain and exit by themselves (so a CPU profile is written), then make sure.
    const exited = (worker: Worker) =>
      new Promise<void>((resolve) => {
        worker.once('exit', () => resolve());
        setTimeout(resolve, 15_000).unref();
      });
    await Promise.all([exited(answerers.worker), exited(requesters.worker)]);
    await Promise.all([answerers.worker.terminate(), requesters.worker.terminate()]);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
