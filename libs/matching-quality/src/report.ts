import { failureStage, type CaseOutcome, type Rates } from './evaluate';
import { TARGETS, type QualityRun } from './run';

const COLUMNS = [
  'n',
  'top-1 precision',
  'top-5 recall',
  'no result',
  'routed',
  'candidate',
  'LAs asked',
  'not holding',
];

function percent(value: number): string {
  return `${(value * 100).toFixed(1)}%`;
}

function row(rates: Rates): string[] {
  return [
    rates.label,
    String(rates.n),
    percent(rates.top1Precision),
    percent(rates.top5Recall),
    percent(rates.noResult),
    percent(rates.routed),
    percent(rates.candidate),
    rates.meanRoutedLas.toFixed(2),
    rates.meanNeedlessLas.toFixed(2),
  ];
}

/** A Markdown table (readable as plain text too). */
export function markdownTable(header: string[], rows: string[][]): string {
  const widths = header.map((cell, column) =>
    Math.max(cell.length, ...rows.map((cells) => cells[column].length)),
  );
  const line = (cells: string[]) =>
    `| ${cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join(' | ')} |`;
  const rule = `|${widths.map((width, column) => (column === 0 ? '-'.repeat(width + 2) : `${'-'.repeat(width + 1)}:`)).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}

export function ratesTable(title: string, rates: Rates[]): string {
  return markdownTable([title, ...COLUMNS], rates.map(row));
}

/** Up to `limit` failing cases per kind: ids, stage and scores only (never a name or a date). */
export function failureLines(outcomes: readonly CaseOutcome[], limit: number): string[] {
  const shown = new Map<string, number>();
  const lines: string[] = [];
  for (const outcome of outcomes) {
    const stage = failureStage(outcome);
    if (stage === undefined) continue;
    const count = shown.get(outcome.kind) ?? 0;
    if (count >= limit) continue;
    shown.set(outcome.kind, count + 1);
    const top =
      outcome.topId === undefined ? '' : `; top ${outcome.topId} at ${outcome.topScore?.toFixed(3) ?? '?'}`;
    lines.push(
      `${outcome.caseId} ${outcome.kind} [${outcome.errors.join(' + ')}] target ${outcome.targetId}: ${stage}, target score ${outcome.targetScore.toFixed(3)}${top}`,
    );
  }
  return lines;
}

export function runDescription(run: QualityRun): string {
  const { options } = run;
  return [
    `LAs: ${options.laCodes.join(', ')}; ${options.childrenPerLa} children each + ${run.nearMisses} near misses (twins, siblings, namesakes) = pool of ${run.poolSize}`,
    `Seeds: pool ${options.poolSeed}, cases ${options.caseSeed}; ${run.outcomes.length} cases (${options.casesPerKind} per kind); reference date ${options.referenceDate}`,
    `Hub index: ${run.tokensPerEntry.mean.toFixed(1)} locator tokens per entry on average, ${run.tokensPerEntry.most} at most`,
    `Time: generate ${(run.timings.generate / 1000).toFixed(2)} s, index ${(run.timings.index / 1000).toFixed(2)} s, search ${(run.timings.search / 1000).toFixed(2)} s`,
    `Targets: top-1 precision >= ${TARGETS.top1Precision} overall, top-5 recall >= ${TARGETS.top5Recall} for every kind`,
  ].join('\n');
}
