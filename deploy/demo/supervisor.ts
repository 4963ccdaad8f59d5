import { DemoProcess, type ProcessSpec } from './processes';
import {
  DEFAULT_RESTART_POLICY,
  RestartPolicy,
  restartLine,
  type RestartPolicyOptions,
} from './restart-policy';

/** What the launcher does around one supervised service. */
export interface SupervisedHooks {
  /** A new process of the service was started (e.g. so that a shutdown stops it too). */
  restarted(process: DemoProcess): void;
  /** Resolves once the restarted service answers (e.g. its /health/ready); rejects if it does not. */
  ready?(process: DemoProcess): Promise<void>;
}

/**
 * Restarts the demo's long-running services when one ends by itself, under a RestartPolicy each (a bounded
 * backoff; given up after several quick crashes in a row), instead of stopping the whole federation.
 * Stopping the supervisor (Ctrl-C, SIGTERM) cancels pending restarts, so a shutdown's exits are not restarted.
 */
export class Supervisor {
  private readonly timers = new Set<NodeJS.Timeout>();
  private stopped = false;
  private watched = 0;
  private givenUp = 0;
  private allGivenUp!: () => void;
  /** Settles when every supervised service has been given up. */
  readonly nothingLeft = new Promise<void>((resolve) => {
    this.allGivenUp = resolve;
  });

  constructor(
    private readonly log: (line: string) => void,
    private readonly options: RestartPolicyOptions = DEFAULT_RESTART_POLICY,
    private readonly spawn: (spec: ProcessSpec) => DemoProcess = (spec) => new DemoProcess(spec),
  ) {}

  watch(process: DemoProcess, hooks: SupervisedHooks): void {
    this.watched += 1;
    this.follow(process, new RestartPolicy(this.options), hooks);
  }

  /** No more restarts: the launcher is stopping everything. */
  stop(): void {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private follow(current: DemoProcess, policy: RestartPolicy, hooks: SupervisedHooks): void {
    const name = current.spec.name;
    void current.exit.done.then((result) => {
      if (this.stopped) return;
      const decision = policy.onExit(Date.now() - current.startedAt);
      this.log(restartLine(name, result, decision));
      if (decision.action === 'give-up') {
        this.givenUp += 1;
        if (this.givenUp === this.watched) this.allGivenUp();
        return;
      }
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        if (this.stopped) return;
        const next = this.spawn(current.spec);
        hooks.restarted(next);
        this.follow(next, policy, hooks);
        hooks.ready?.(next).then(
          () => this.log(`${name} is back (restart ${decision.restart}, pid ${String(next.pid)})`),
          (error: unknown) => {
            // When it ended again, its exit line says so; otherwise say why it is not answering.
            if (next.running && !this.stopped)
              this.log(`${name} restarted but ${error instanceof Error ? error.message : String(error)}`);
          },
        );
      }, decision.delayMs);
      this.timers.add(timer);
    });
  }
}
