import { loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { childrenFor } from '@cp/synthetic';
import { DemoSecrets } from '../deploy/demo/demo-state';
import { DEMO_LAS } from '../deploy/demo/layout';
import { machineDescription } from './lib/machine';
import { RssSampler } from './soak-rss';
import { call, operationAt, Recorder, signIn, SoakOperations, type SoakLa } from './soak-load';

/**
 * `npm run bench:soak -- --seconds 120 --concurrency 8`: a bounded mixed load against the RUNNING demo
 * (`npm run demo`), on loopback only: cross-boundary and local searches, record reads, creates and whole
 * handovers, as the demo's practitioners and data managers (password + TOTP from .demo/secrets.json).
 * Prints requests, errors by kind, p50/p95/p99 per kind and the RSS of the hub, each node and nats-server
 * over time (/proc/<pid>/status, pids from .demo/processes.json), and ends with a pass/fail line on node
 * RSS <= 300 MB (exit code 1 on fail). Stops by itself after --seconds (at most 600) or --max-requests.
 * Adds records to the demo's nodes (synthetic children of a seed of this run) and hands some over.
 */
const argument = (name: string, fallback: number, min: number, max: number) => {
  const at = process.argv.indexOf(name);
  const value = at >= 0 ? Number(process.argv[at + 1]) : fallback;
  if (!Number.isInteger(value) || value < min || value > max)
    throw new Error(`${name} must be a whole number from ${min} to ${max}`);
  return value;
};
const SECONDS = argument('--seconds', 120, 1, 600);
const CONCURRENCY = argument('--concurrency', 8, 1, 64);
const MAX_REQUESTS = argument('--max-requests', 500_000, 1, 5_000_000);
const SAMPLE_SECONDS = argument('--sample-seconds', 5, 1, 60);
const NODE_RSS_LIMIT_MB = 300;
const BASE_PORT = Number(process.env.DEMO_BASE_PORT ?? 4000);
const SEED = Number(process.env.DEMO_SEED ?? 2026);
const DEMO_DIR = join(process.cwd(), '.demo');
const write = (line = '') => process.stdout.write(`${line}\n`);
const ms = (value: number) => (value < 10 ? value.toFixed(1) : value.toFixed(0));

async function prepareLa(code: string, index: number, secrets: DemoSecrets, today: string): Promise<SoakLa> {
  const url = `http://127.0.0.1:${BASE_PORT + 1 + index}`;
  const name = ['westminster', 'birmingham', 'kent'][index];
  const practitioner = await signIn(url, `${name}.practitioner`, secrets);
  const dataManager = await signIn(url, `${name}.data-manager`, secrets);
  const nhsNumbers = childrenFor(code, 40, SEED, today).flatMap((child) =>
    child.nhsNumber ? [child.nhsNumber] : [],
  );
  const recordIds: string[] = [];
  for (const nhsNumber of nhsNumbers.slice(0, 20)) {
    const found = await call<{ results: { id: string; shielded: boolean }[] }>(
      url,
      `/search?reason=providing-a-service&nhsNumber=${nhsNumber}`,
      { token: practitioner },
    );
    recordIds.push(...found.results.filter((result) => !result.shielded).map((result) => result.id));
  }
  if (!recordIds.length)
    throw new Error(`No seeded records found at ${url}: is the demo seeded (seed ${SEED})?`);
  return { code, name, url, practitioner, dataManager, recordIds, nhsNumbers };
}

async function main(): Promise<number> {
  const secrets = new DemoSecrets(join(DEMO_DIR, 'secrets.json'));
  const today = new Date().toISOString().slice(0, 10);
  const sampler = new RssSampler(join(DEMO_DIR, 'processes.json'));
  const las = await Promise.all(DEMO_LAS.map((code, index) => prepareLa(code, index, secrets, today)));
  const recorder = new Recorder();
  const operations = new SoakOperations(las, recorder, Date.now() % 1_000_000_000, today, 60_000);

  write(
    `bench:soak: ${SECONDS} s, ${CONCURRENCY} concurrent, against the demo at 127.0.0.1:${BASE_PORT}-${BASE_PORT + 3}`,
  );
  write(`machine: ${machineDescription('the demo database')}`);
  sampler.start(SAMPLE_SECONDS * 1000);
  const began = performance.now();
  const deadline = began + SECONDS * 1000;
  let turn = 0;
  let lastReport = began;
  const worker = async () => {
    while (performance.now() < deadline && recorder.requests < MAX_REQUESTS) {
      await operations[operationAt(turn++)]();
      if (performance.now() - lastReport >= 30_000) {
        lastReport = performance.now();
        const elapsed = Math.round((lastReport - began) / 1000);
        write(`  ${elapsed} s: ${recorder.requests} requests, ${recorder.errorCount} errors`);
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const wallMs = performance.now() - began;
  sampler.stop();

  write('');
  write(
    `${recorder.requests} requests in ${(wallMs / 1000).toFixed(0)} s (${((recorder.requests * 1000) / wallMs).toFixed(0)}/s), ` +
      `${recorder.errorCount} errors; load average at the end ${loadavg()
        .map((value) => value.toFixed(1))
        .join(' ')}`,
  );
  write('');
  write('| kind | n | errors | p50 ms | p95 ms | p99 ms | max ms |');
  write('|---|---:|---:|---:|---:|---:|---:|');
  for (const [kind, summary] of recorder.summaries(wallMs))
    write(
      `| ${kind} | ${summary.count} | ${recorder.errorsOf(kind)} | ${ms(summary.p50)} | ${ms(summary.p95)} | ${ms(summary.p99)} | ${ms(summary.max)} |`,
    );
  write('');
  write(recorder.errors.size ? 'Errors by kind:' : 'Errors by kind: none');
  for (const [key, count] of [...recorder.errors.entries()].sort()) write(`  ${key}: ${count}`);
  write('');
  write(`RSS in MB, sampled every ${SAMPLE_SECONDS} s (down: not running at that moment):`);
  for (const line of sampler.table()) write(line);
  const peaks = sampler.peaks();
  write(`Peak RSS: ${[...peaks.entries()].map(([name, mb]) => `${name} ${mb.toFixed(0)} MB`).join(', ')}`);

  const nodePeaks = [...peaks.entries()].filter(([name]) => sampler.kinds.get(name) === 'node');
  const [worstName, worstMb] = nodePeaks.reduce((a, b) => (b[1] > a[1] ? b : a), ['none', 0]);
  const pass = nodePeaks.length > 0 && worstMb <= NODE_RSS_LIMIT_MB;
  write(
    `${pass ? 'PASS' : 'FAIL'}: node RSS peak ${worstMb.toFixed(0)} MB (${worstName}) ` +
      `${pass ? '<=' : '>'} ${NODE_RSS_LIMIT_MB} MB`,
  );
  return pass ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`bench:soak: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(2);
  },
);
