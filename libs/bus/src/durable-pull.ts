import type { ConsumerMessages, JsMsg, NatsConnection } from 'nats';

export interface DurablePullSettings {
  stream: string;
  durable: string;
  /** Handles one message to its acknowledgement (ack, nak or term are the handler's). */
  handle: (message: JsMsg) => Promise<unknown>;
  /** Called when the consumer stopped on an error and is restarted after `retryDelayMs`. */
  onRestart: (error: unknown) => void;
  retryDelayMs: number;
}

/**
 * Pulls messages from an existing durable consumer one at a time (the next is fetched only after the
 * handler finished), and restarts after a pause if the consumer fails, until stopped or the connection
 * closes or drains.
 */
export class DurablePull {
  private messages?: ConsumerMessages;
  private running?: Promise<void>;
  private stopping = false;

  constructor(private readonly settings: DurablePullSettings) {}

  start(connection: NatsConnection): void {
    if (this.running) return;
    this.stopping = false;
    this.running = this.run(connection).finally(() => (this.running = undefined));
  }

  async stop(): Promise<void> {
    this.stopping = true;
    // close() can wait on the iterator; the loop itself ends after the message in hand, whichever first.
    const closed = this.messages?.close().catch(() => undefined);
    await Promise.race([closed, this.running]);
    await this.running;
  }

  private async run(connection: NatsConnection): Promise<void> {
    const { stream, durable, handle, onRestart, retryDelayMs } = this.settings;
    while (!this.stopping && !connection.isClosed()) {
      try {
        const consumer = await connection.jetstream().consumers.get(stream, durable);
        if (this.stopping) break;
        this.messages = await consumer.consume({ max_messages: 1 });
        // Stopped while the consumer was being opened: stop() found nothing to close.
        if (this.stopping) {
          await this.messages.close();
          break;
        }
        for await (const message of this.messages) {
          await handle(message);
          if (this.stopping) break;
        }
      } catch (error) {
        if (this.stopping || connection.isClosed() || connection.isDraining()) break;
        onRestart(error);
        await new Promise((resolve) => setTimeout(resolve, retryDelayMs));
      }
    }
  }
}
