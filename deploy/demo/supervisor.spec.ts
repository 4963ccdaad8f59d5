import { DemoProcess, type ProcessSpec } from './processes';
import { Supervisor } from './supervisor';

const FAST = { initialDelayMs: 20, maxDelayMs: 40, healthyAfterMs: 60_000, maxQuickCrashes: 2 };
const CRASHES: ProcessSpec = { name: 'crashy', args: ['-e', 'process.exit(3)'], env: {} };
const SLEEPS: ProcessSpec = { name: 'sleepy', args: ['-e', 'setTimeout(() => {}, 60000)'], env: {} };

describe('demo supervisor (real child processes)', () => {
  it('restarts a service that ends by itself, saying so, and gives it up after quick crashes in a row', async () => {
    const lines: string[] = [];
    const started: DemoProcess[] = [];
    const supervisor = new Supervisor((line) => lines.push(line), FAST);
    supervisor.watch(new DemoProcess(CRASHES), { restarted: (next) => started.push(next) });
    await supervisor.nothingLeft;
    expect(started).toHaveLength(2);
    expect(lines).toEqual([
      'crashy exited (code 3); restarting in 0.02 s (restart 1)',
      'crashy exited (code 3); restarting in 0.04 s (restart 2)',
      expect.stringMatching(/^crashy exited \(code 3\); giving up on crashy after 3 crashes in a row/),
    ]);
  });

  it('reports the restarted service back once it is ready, with its new pid', async () => {
    const lines: string[] = [];
    const supervisor = new Supervisor((line) => lines.push(line), FAST);
    const first = new DemoProcess(SLEEPS);
    let next: DemoProcess | undefined;
    const back = new Promise<void>((resolve) => {
      supervisor.watch(first, {
        restarted: (process) => {
          next = process;
        },
        ready: () => {
          resolve();
          return Promise.resolve();
        },
      });
    });
    await first.stop(); // SIGTERM from outside the launcher: a death it did not ask for
    await back;
    await new Promise((resolve) => setImmediate(resolve));
    supervisor.stop();
    await next?.stop();
    expect(next?.pid).not.toBe(first.pid);
    expect(lines).toEqual([
      'sleepy exited (signal SIGTERM); restarting in 0.02 s (restart 1)',
      `sleepy is back (restart 1, pid ${String(next?.pid)})`,
    ]);
  });

  it('restarts nothing once stopped: a shutdown ends the services for good', async () => {
    const lines: string[] = [];
    const restarted = jest.fn();
    const supervisor = new Supervisor((line) => lines.push(line), FAST);
    const server = new DemoProcess(SLEEPS);
    supervisor.watch(server, { restarted });
    supervisor.stop();
    await server.stop();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(restarted).not.toHaveBeenCalled();
    expect(lines).toEqual([]);
  });
});
