import { readFileSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ: 100 on Linux). */
const TICKS_PER_SECOND = 100;

/** CPU time (user + system) a process has used, in ms; 0 when it is gone or /proc cannot be read. */
function processCpuMs(pid: number | 'thread-self'): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) in parentheses; utime and stime are 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/** CPU time the calling thread has used, in ms (Linux /proc/thread-self). */
export function threadCpuMs(): number {
  return processCpuMs('thread-self');
}

export interface CpuSnapshot {
  /** This process, every thread (hub, asking and answering nodes). */
  bench: number;
  nats: number;
  /** Per PostgreSQL backend pid. */
  postgres: Map<number, number>;
}

export interface CpuUsed {
  bench: number;
  nats: number;
  postgres: number;
}

/**
 * CPU used so far by the benchmark's own parties: this process (all threads), its nats-server, and the
 * PostgreSQL backends serving its database. Other work on the machine is not counted, so CPU per search
 * is comparable between runs on a busy machine where latencies are not.
 */
export function cpuSnapshot(natsPid: number, postgresPids: number[]): CpuSnapshot {
  const usage = process.cpuUsage();
  return {
    bench: (usage.user + usage.system) / 1000,
    nats: processCpuMs(natsPid),
    postgres: new Map(postgresPids.map((pid) => [pid, processCpuMs(pid)])),
  };
}

/** CPU used between two snapshots; a backend that appeared in between counts from its start. */
export function cpuBetween(before: CpuSnapshot, after: CpuSnapshot): CpuUsed {
  let postgres = 0;
  for (const [pid, ms] of after.postgres) postgres += ms - (before.postgres.get(pid) ?? 0);
  return { bench: after.bench - before.bench, nats: after.nats - before.nats, postgres };
}
