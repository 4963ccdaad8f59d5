import { cpus, totalmem } from 'node:os';
import { EXTRA_SEARCH_CASE_KINDS } from '@cp/synthetic';
import {
  failureLines,
  meetsTargets,
  ratesTable,
  runDescription,
  runMatchingQuality,
} from '@cp/matching-quality';

/**
 * Matching quality of the federation's search pipeline (issue 5, item 6): labelled search cases with
 * realistic mistakes, run through routing, node candidate search, scoring and merge.
 * Usage: npm run bench:matching [-- --held-out-seed N] [-- --failures N]
 */
function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(name);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
}

const write = (text: string) => process.stdout.write(`${text}\n`);
const heldOutSeed = option('--held-out-seed', 2);
const failuresShown = option('--failures', 3);

write(
  `Machine: ${cpus().length} CPUs (${cpus()[0]?.model ?? 'unknown'}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB, node ${process.version}`,
);
let allMet = true;
for (const [title, overrides] of [
  ['Default set', {}],
  [
    `Held-out set (case seed ${heldOutSeed}, pool seed ${heldOutSeed + 1000})`,
    { caseSeed: heldOutSeed, poolSeed: heldOutSeed + 1000 },
  ],
] as const) {
  const run = runMatchingQuality(overrides);
  write(`\n## ${title}\n${runDescription(run)}\n`);
  write(ratesTable('kind', [run.summary.overall, ...run.summary.byKind]));
  write('');
  write(ratesTable('mistakes', run.summary.byErrors));
  const failures = failureLines(run.outcomes, failuresShown);
  if (failures.length > 0)
    write(`\nFailing cases (up to ${failuresShown} per kind, ids only):\n${failures.join('\n')}`);
  const met = meetsTargets(run.summary);
  allMet &&= met;
  write(`\nTargets ${met ? 'met' : 'NOT met'}.`);
}

// Beyond the targets: a mistyped digit in the date of birth, to show what the design cannot route.
const extra = runMatchingQuality({ kinds: EXTRA_SEARCH_CASE_KINDS, casesPerKind: 200 });
write(
  `\n## Beyond the targets (not held to them): a mistyped date of birth, default seeds\n${runDescription(extra)}\n`,
);
write(ratesTable('kind', extra.summary.byKind));
const extraFailures = failureLines(extra.outcomes, failuresShown);
if (extraFailures.length > 0) write(`\nFailing cases (ids only):\n${extraFailures.join('\n')}`);

process.exitCode = allMet ? 0 : 1;
