/** Latency figures of one benchmark run, in milliseconds. */
export interface LatencySummary {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  mean: number;
  max: number;
  /** Operations per second over the run's wall-clock time. */
  perSecond: number;
}

/** The value at or below which `fraction` of the sorted samples fall (nearest rank). */
export function percentile(sorted: readonly number[], fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1));
  return sorted[rank];
}

export function summarise(latenciesMs: readonly number[], wallMs: number): LatencySummary {
  const sorted = [...latenciesMs].sort((a, b) => a - b);
  const total = sorted.reduce((sum, value) => sum + value, 0);
  return {
    count: sorted.length,
    p50: percentile(sorted, 0.5),
    p95: percentile(sorted, 0.95),
    p99: percentile(sorted, 0.99),
    mean: sorted.length ? total / sorted.length : Number.NaN,
    max: sorted.length ? sorted[sorted.length - 1] : Number.NaN,
    perSecond: wallMs > 0 ? (sorted.length * 1000) / wallMs : Number.NaN,
  };
}

const ms = (value: number) => (value < 10 ? value.toFixed(2) : value.toFixed(1));

/** A Markdown table row: name | concurrency | n | p50 | p95 | p99 | per second. */
export function summaryRow(name: string, concurrency: number, summary: LatencySummary): string {
  return `| ${name} | ${concurrency} | ${summary.count} | ${ms(summary.p50)} | ${ms(summary.p95)} | ${ms(summary.p99)} | ${Math.round(summary.perSecond)} |`;
}

export const SUMMARY_HEADER = [
  '| measure | concurrent | n | p50 ms | p95 ms | p99 ms | per second |',
  '|---|---:|---:|---:|---:|---:|---:|',
];
