/** How the demo restarts a service that ended by itself: a bounded backoff, and a limit on quick crashes. */
export interface RestartPolicyOptions {
  /** Wait before the first restart after a healthy run. */
  initialDelayMs: number;
  /** The wait doubles with each quick crash in a row, up to this. */
  maxDelayMs: number;
  /** A run at least this long counts as healthy: the next crash starts the backoff afresh. */
  healthyAfterMs: number;
  /** Quick crashes in a row tolerated; one more and the service is given up. */
  maxQuickCrashes: number;
}

export const DEFAULT_RESTART_POLICY: RestartPolicyOptions = {
  initialDelayMs: 1_000,
  maxDelayMs: 30_000,
  healthyAfterMs: 60_000,
  maxQuickCrashes: 5,
};

export type RestartDecision =
  /** Start it again after `delayMs`; `restart` counts this service's restarts since the demo started. */
  | { action: 'restart'; delayMs: number; restart: number }
  /** It crashed `quickCrashes` times in a row, each within `healthyAfterMs` of starting: leave it down. */
  | { action: 'give-up'; quickCrashes: number };

/**
 * The restart decisions for one service. Framework-free: the caller says how long the run that just ended
 * lasted; the policy answers whether to start it again, and when.
 */
export class RestartPolicy {
  private quickCrashes = 0;
  private restarts = 0;

  constructor(private readonly options: RestartPolicyOptions = DEFAULT_RESTART_POLICY) {
    if (options.initialDelayMs <= 0 || options.maxDelayMs < options.initialDelayMs)
      throw new Error('restart delays must be positive, the maximum at least the initial one');
    if (options.maxQuickCrashes < 1) throw new Error('maxQuickCrashes must be at least 1');
  }

  /** The service ended by itself after running `ranForMs`. */
  onExit(ranForMs: number): RestartDecision {
    if (ranForMs >= this.options.healthyAfterMs) this.quickCrashes = 0;
    // A crash after a healthy run counts as the first of a new series, so it is always restarted.
    this.quickCrashes += 1;
    if (this.quickCrashes > this.options.maxQuickCrashes)
      return { action: 'give-up', quickCrashes: this.quickCrashes };
    this.restarts += 1;
    const delayMs = Math.min(
      this.options.maxDelayMs,
      this.options.initialDelayMs * 2 ** (this.quickCrashes - 1),
    );
    return { action: 'restart', delayMs, restart: this.restarts };
  }
}

/** "signal SIGKILL" or "code 1", from what the process's exit settled with. */
export function describeExit(result: number | string): string {
  return typeof result === 'number' ? `code ${result}` : `signal ${result}`;
}

/** The launcher's line for a decision, e.g. "hub exited (signal SIGKILL); restarting in 1 s (restart 1)". */
export function restartLine(name: string, result: number | string, decision: RestartDecision): string {
  const exited = `${name} exited (${describeExit(result)})`;
  if (decision.action === 'restart') {
    const seconds = decision.delayMs / 1000;
    return `${exited}; restarting in ${seconds} s (restart ${decision.restart})`;
  }
  return (
    `${exited}; giving up on ${name} after ${decision.quickCrashes} crashes in a row, each soon after it ` +
    'started (see its lines above); the rest of the demo keeps running, Ctrl-C stops it'
  );
}
