/**
 * Runs a task again and again, never two at once, on a timer that keeps no process alive: each run returns
 * how long to wait before the next. For outbox relays: `start` runs it at once, `stop` cancels the next run
 * and waits for the current one. The task handles its own errors.
 */
export class RepeatingTask {
  private timer?: NodeJS.Timeout;
  private current?: Promise<void>;
  private active = false;

  constructor(private readonly task: () => Promise<number>) {}

  start(): void {
    this.active = true;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.active = false;
    if (this.timer) clearTimeout(this.timer);
    await this.current;
  }

  private schedule(delayMs: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.current = this.run();
    }, delayMs);
    this.timer.unref();
  }

  private async run(): Promise<void> {
    const delayMs = await this.task();
    if (this.active) this.schedule(delayMs);
  }
}
