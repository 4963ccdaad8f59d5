import { cpus, loadavg, totalmem } from 'node:os';

/** The machine a benchmark ran on, for docs/benchmarks.md. */
export function machineDescription(postgresVersion: string): string {
  const cpu = cpus();
  return [
    `${cpu.length} CPU (${cpu[0]?.model.trim() ?? 'unknown'})`,
    `${(totalmem() / 2 ** 30).toFixed(1)} GiB memory`,
    `Node ${process.version}`,
    postgresVersion,
    // Other work on the machine inflates latencies: the load average says how busy it was.
    `load average ${loadavg()
      .map((value) => value.toFixed(1))
      .join(' ')} at start`,
    new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
  ].join(', ');
}
