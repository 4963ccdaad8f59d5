import { existsSync, readFileSync } from 'node:fs';

/** What the demo launcher writes to .demo/processes.json: each service's kind and current pid. */
export type ProcessList = Record<string, { kind: string; pid?: number }>;

/** One sample: seconds since the start, and each service's resident set in MB (undefined: not running). */
export interface RssSample {
  atSeconds: number;
  mb: Record<string, number | undefined>;
}

/** The resident set (VmRSS) of a process in MB, from /proc; undefined when it is not running. */
export function rssMb(pid: number): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status)?.[1];
    return kb === undefined ? undefined : Number(kb) / 1024;
  } catch {
    return undefined;
  }
}

/**
 * Samples the RSS of the demo's hub, nodes and nats-server every few seconds. The process list is read
 * again at each sample, so a service the launcher restarted is followed under its new pid.
 */
export class RssSampler {
  readonly samples: RssSample[] = [];
  /** Services in the order first seen: the hub, the nodes, nats. */
  readonly services: string[] = [];
  readonly kinds = new Map<string, string>();
  private timer?: NodeJS.Timeout;
  private readonly startedAt = Date.now();

  constructor(private readonly processListFile: string) {
    if (!existsSync(processListFile))
      throw new Error(
        `${processListFile} is missing: start the demo (npm run demo) and wait until it prints its table`,
      );
  }

  start(everyMs: number): void {
    this.sample();
    this.timer = setInterval(() => this.sample(), everyMs);
  }

  stop(): void {
    clearInterval(this.timer);
    this.sample();
  }

  sample(): void {
    const list = JSON.parse(readFileSync(this.processListFile, 'utf8')) as ProcessList;
    const mb: RssSample['mb'] = {};
    for (const [name, entry] of Object.entries(list)) {
      if (entry.kind === 'launcher') continue;
      if (!this.kinds.has(name)) {
        this.services.push(name);
        this.kinds.set(name, entry.kind);
      }
      mb[name] = entry.pid === undefined ? undefined : rssMb(entry.pid);
    }
    this.samples.push({ atSeconds: Math.round((Date.now() - this.startedAt) / 1000), mb });
  }

  /** The highest sample of each service. */
  peaks(): Map<string, number> {
    const peaks = new Map<string, number>();
    for (const sample of this.samples)
      for (const [name, value] of Object.entries(sample.mb))
        if (value !== undefined) peaks.set(name, Math.max(peaks.get(name) ?? 0, value));
    return peaks;
  }

  /** A Markdown table of the samples, thinned to at most `rows` evenly spread (the first and last kept). */
  table(rows = 16): string[] {
    const step = Math.max(1, Math.ceil((this.samples.length - 1) / (rows - 1)));
    const chosen = this.samples.filter((_, index) => index % step === 0 || index === this.samples.length - 1);
    const cell = (value: number | undefined) => (value === undefined ? 'down' : value.toFixed(0));
    return [
      `| t (s) | ${this.services.join(' | ')} |`,
      `|---:|${this.services.map(() => '---:').join('|')}|`,
      ...chosen.map(
        (sample) =>
          `| ${sample.atSeconds} | ${this.services.map((name) => cell(sample.mb[name])).join(' | ')} |`,
      ),
    ];
  }
}
