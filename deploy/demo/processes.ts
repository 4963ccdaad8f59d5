import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

/** Copies a child's output to ours, each line prefixed with the name of the service it came from. */
export function prefixLines(child: ChildProcess, name: string): void {
  const prefix = `[${name}]`.padEnd(14);
  for (const [stream, target] of [
    [child.stdout, process.stdout],
    [child.stderr, process.stderr],
  ] as const) {
    if (!stream) continue;
    createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => {
      target.write(`${prefix} ${line}\n`);
    });
  }
}

export interface Exit {
  /** Settles with the exit code (or the signal's name) once the process has ended. */
  done: Promise<number | string>;
  /** True when the process ended within `ms`. */
  within(ms: number): Promise<boolean>;
}

export function waitForExit(child: ChildProcess): Exit {
  const done = new Promise<number | string>((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else if (child.signalCode !== null) resolve(child.signalCode);
    else child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown'));
  });
  return {
    done,
    within: (ms) => {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), ms);
      });
      return Promise.race([done.then(() => true), timeout]).finally(() => clearTimeout(timer));
    },
  };
}

export interface ProcessSpec {
  name: string;
  /** The program to run: Node.js itself unless given (the demo also runs nats-server). */
  command?: string;
  /** Its arguments: for Node.js, the script and its arguments. */
  args: string[];
  env: Record<string, string>;
}

/**
 * A Node.js child process of the demo. It runs in a process group of its own so that a Ctrl-C at the
 * terminal reaches the launcher alone, which then stops the children in order.
 */
export class DemoProcess {
  private readonly child: ChildProcess;
  readonly exit: Exit;
  /** When it was started (ms since the epoch): how long a run lasted decides how a crash is treated. */
  readonly startedAt = Date.now();

  constructor(readonly spec: ProcessSpec) {
    this.child = spawn(spec.command ?? process.execPath, spec.args, {
      env: { ...process.env, ...spec.env },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    prefixLines(this.child, spec.name);
    this.exit = waitForExit(this.child);
  }

  /** Its process id (undefined only if it could not be started). */
  get pid(): number | undefined {
    return this.child.pid;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** SIGTERM (Nest closes its server and database pool), then SIGKILL if it has not ended in time. */
  async stop(graceMs = 10_000): Promise<void> {
    if (!this.running) return;
    this.child.kill('SIGTERM');
    if (!(await this.exit.within(graceMs))) {
      this.child.kill('SIGKILL');
      await this.exit.done;
    }
  }

  /** Last resort when the launcher itself is exiting: synchronous, so usable in an 'exit' handler. */
  killNow(): void {
    if (this.running) this.child.kill('SIGKILL');
  }
}

/** Runs a command to its end; rejects naming it when it fails. */
export async function runToEnd(spec: ProcessSpec, register: (process: DemoProcess) => void): Promise<void> {
  const child = new DemoProcess(spec);
  register(child);
  const result = await child.exit.done;
  if (result !== 0) throw new Error(`${spec.name}: ${spec.args.join(' ')} ended with ${String(result)}`);
}

async function answersOk(url: string): Promise<boolean> {
  const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
  return response.ok;
}

/** Polls a URL until it answers 200, the process ends, or the time runs out. */
export async function waitUntilReady(
  url: string,
  process: DemoProcess,
  probe: (url: string) => Promise<boolean> = answersOk,
  timeoutMs = 120_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (!process.running)
      throw new Error(`${process.spec.name} stopped before it was ready (see its lines above)`);
    try {
      if (await probe(url)) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline)
      throw new Error(`${process.spec.name} was not ready at ${url} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
