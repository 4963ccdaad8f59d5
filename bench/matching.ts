import {
  failureLines,
  meetsTargets,
  ratesTable,
  runDescription,
  runMatchingQuality,
  type QualityRun,
} from '@cp/matching-quality';
import type { SearchCaseOptions } from '@cp/synthetic';
import { machineDescription } from './lib/machine';
import { RealPathFederation } from './lib/matching-path';

/**
 * Matching quality of the federation's search on its real path (issues 5 and 14): labelled search cases
 * with realistic mistakes, run through the hub's lookup SQL and route choice and each node's candidate
 * search in PostgreSQL (throwaway databases, the apps' migrations; bench/lib/matching-path.ts), scored
 * and merged as the nodes do.
 * Usage: npm run bench:matching [-- --held-out-seed N] [-- --failures N] [-- --cases-per-kind N]
 *        [-- --children-per-la N]
 * Database server: TEST_DATABASE_SERVER (default postgres://postgres@127.0.0.1:5432).
 */

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(name);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
}

const write = (text: string) => process.stdout.write(`${text}\n`);
const heldOutSeed = option('--held-out-seed', 2);
const failuresShown = option('--failures', 3);
const sizes: Partial<SearchCaseOptions> = {
  ...(process.argv.includes('--cases-per-kind') ? { casesPerKind: option('--cases-per-kind', 100) } : {}),
  ...(process.argv.includes('--children-per-la') ? { childrenPerLa: option('--children-per-la', 2000) } : {}),
};

function report(title: string, run: QualityRun): boolean {
  write(`\n## ${title}\n${runDescription(run)}\n`);
  write(ratesTable('kind', [run.summary.overall, ...run.summary.byKind]));
  write('');
  write(ratesTable('mistakes', run.summary.byErrors));
  const failures = failureLines(run.outcomes, failuresShown);
  if (failures.length > 0)
    write(`\nFailing cases (up to ${failuresShown} per kind, ids only):\n${failures.join('\n')}`);
  const met = meetsTargets(run.summary);
  write(`\nTargets ${met ? 'met' : 'NOT met'}.`);
  return met;
}

async function main(): Promise<void> {
  write(`Machine: ${machineDescription('PostgreSQL on 127.0.0.1')}`);
  let allMet = true;
  for (const [title, overrides] of [
    ['Default set', {}],
    [
      `Held-out set (case seed ${heldOutSeed}, pool seed ${heldOutSeed + 1000})`,
      { caseSeed: heldOutSeed, poolSeed: heldOutSeed + 1000 },
    ],
  ] as const) {
    const run = await runMatchingQuality(
      (pool, laCodes) => RealPathFederation.load('cp_bench_matching', pool, laCodes, '2026-01-01'),
      { ...overrides, ...sizes },
    );
    allMet = report(title, run) && allMet;
  }
  process.exitCode = allMet ? 0 : 1;
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
