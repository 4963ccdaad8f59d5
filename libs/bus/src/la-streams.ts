import {
  DiscardPolicy,
  nanos,
  RetentionPolicy,
  StorageType,
  type JetStreamManager,
  type JsMsg,
  type NatsConnection,
  type StreamConfig,
} from 'nats';
import { DurablePull } from './durable-pull';
import { ensureSerialConsumer, ensureStream } from './streams';
import { Semaphore } from './semaphore';
import { TokenBucket } from './token-bucket';

/** What one LA may hold in one of the hub's streams, and how fast the hub takes its messages. */
export interface LaStreamLimits {
  /** Messages waiting for the hub; past it the LA's publishes are refused ("maximum messages exceeded"). */
  maxMessages: number;
  maxBytes: number;
  maxMessageBytes: number;
  /** A message the hub has not taken by then is dropped (the sender's outbox still has it). */
  maxAgeMs: number;
  /** JetStream drops a repeated Nats-Msg-Id within this window: per LA, as the stream is. */
  duplicateWindowMs: number;
  /** Messages a second the hub takes from this LA (bursts up to one second's worth). */
  ratePerSecond: number;
}

export interface LaStreamFamilySettings {
  /** For log lines: 'index', 'handover'. */
  label: string;
  streamOf: (laCode: string) => string;
  subjectOf: (laCode: string) => string;
  durable: string;
  ackWaitMs: number;
  limits: LaStreamLimits;
  /** Handles one message of this LA to its acknowledgement (ack, nak or term are the handler's). */
  handle: (message: JsMsg, laCode: string) => Promise<unknown>;
  /** The LAs that may publish now (a stream and consumer are made for each on the next refresh). */
  laCodes: () => Promise<string[]>;
  refreshMs: number;
  retryDelayMs: number;
  /** Messages of this kind handled at once across all LAs (each LA: one at a time, in order). */
  concurrency: number;
  log: { info: (line: string) => void; warn: (line: string) => void; error: (line: string) => void };
}

const NEAR_FULL = 0.75;

/** How full one LA's stream is. */
export interface LaStreamFill {
  laCode: string;
  stream: string;
  messages: number;
  bytes: number;
  /** At or near (3/4 of) its message or byte limit: this LA's publishes are or soon will be refused. */
  full: boolean;
}

/** The stream settings of one LA's stream: a work queue (a message goes once the hub took it). */
export function laStreamConfig(
  settings: Pick<LaStreamFamilySettings, 'streamOf' | 'subjectOf' | 'limits'>,
  laCode: string,
): Partial<StreamConfig> & { name: string } {
  const { limits } = settings;
  return {
    name: settings.streamOf(laCode),
    subjects: [settings.subjectOf(laCode)],
    storage: StorageType.File,
    // Work queue: what the hub acknowledged leaves the stream, so the limits bound the backlog only.
    retention: RetentionPolicy.Workqueue,
    discard: DiscardPolicy.New,
    max_msgs: limits.maxMessages,
    max_bytes: limits.maxBytes,
    max_msg_size: limits.maxMessageBytes,
    max_age: nanos(limits.maxAgeMs),
    duplicate_window: nanos(limits.duplicateWindowMs),
  };
}

/**
 * One stream per LA for one kind of message, each with its own serial consumer and pull loop, so one
 * LA's flood, full stream or poisoned message holds up that LA only. Streams and consumers are made for
 * every LA the bus admits (refreshed every `refreshMs`); a full stream is logged once while it stays full.
 */
export class LaStreamConsumers {
  private readonly pulls = new Map<string, DurablePull>();
  private readonly fullLas = new Set<string>();
  private connection?: NatsConnection;
  private timer?: NodeJS.Timeout;
  private refreshing: Promise<void> = Promise.resolve();
  private lastFailure?: string;
  private readonly handlers: Semaphore;

  constructor(private readonly settings: LaStreamFamilySettings) {
    this.handlers = new Semaphore(settings.concurrency);
  }

  /**
   * Makes the streams of every LA known now and starts consuming them; refreshes in the background, so a
   * refresh that fails (nats-server reloading, JetStream not yet there) is tried again, not given up.
   */
  async start(connection: NatsConnection): Promise<void> {
    this.connection = connection;
    if (!this.timer) {
      this.timer = setInterval(() => void this.refreshLogged(), this.settings.refreshMs);
      this.timer.unref();
    }
    await this.refreshLogged();
  }

  /** A refresh whose failure is logged (once until one succeeds) instead of thrown. */
  async refreshLogged(): Promise<void> {
    try {
      await this.refresh();
      this.lastFailure = undefined;
    } catch (error) {
      const reason = String(error);
      if (reason !== this.lastFailure)
        this.settings.log.error(`${this.settings.label} streams not ready: ${reason}; trying again`);
      this.lastFailure = reason;
    }
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.connection = undefined;
    await this.refreshing.catch(() => undefined);
    const pulls = [...this.pulls.values()];
    this.pulls.clear();
    await Promise.all(pulls.map((pull) => pull.stop()));
  }

  /** Adds streams and consumers for LAs that have none yet; one refresh at a time. */
  refresh(): Promise<void> {
    this.refreshing = this.refreshing.then(
      () => this.refreshNow(),
      () => this.refreshNow(),
    );
    return this.refreshing;
  }

  /** How full each LA's stream is, for the console and the logs. */
  async fill(): Promise<LaStreamFill[]> {
    const connection = this.connection;
    if (!connection || connection.isClosed()) return [];
    const jsm = await connection.jetstreamManager();
    const { limits } = this.settings;
    const fills: LaStreamFill[] = [];
    for (const laCode of this.pulls.keys()) {
      const stream = this.settings.streamOf(laCode);
      const info = await jsm.streams.info(stream).catch(() => undefined);
      if (!info) continue;
      const { messages, bytes } = info.state;
      // Checked every refresh while the hub drains it: three quarters full counts, so a burst refused at
      // the limit and already partly drained by the next check is still reported.
      const full =
        messages >= limits.maxMessages * NEAR_FULL ||
        bytes + limits.maxMessageBytes > limits.maxBytes * NEAR_FULL;
      fills.push({ laCode, stream, messages, bytes, full });
    }
    return fills;
  }

  private async refreshNow(): Promise<void> {
    const connection = this.connection;
    if (!connection || connection.isClosed()) return;
    const jsm = await connection.jetstreamManager();
    for (const laCode of await this.settings.laCodes()) {
      if (this.pulls.has(laCode)) continue;
      await this.open(jsm, connection, laCode);
      this.settings.log.info(`Consuming LA ${laCode}'s ${this.settings.label} stream`);
    }
    await this.logFullStreams();
  }

  private async open(jsm: JetStreamManager, connection: NatsConnection, laCode: string): Promise<void> {
    const stream = this.settings.streamOf(laCode);
    await ensureStream(jsm, laStreamConfig(this.settings, laCode));
    await ensureSerialConsumer(jsm, stream, {
      durable: this.settings.durable,
      filterSubject: this.settings.subjectOf(laCode),
      ackWaitMs: this.settings.ackWaitMs,
    });
    const rate = this.settings.limits.ratePerSecond;
    const bucket = new TokenBucket(rate, Math.max(1, rate));
    const pull = new DurablePull({
      stream,
      durable: this.settings.durable,
      handle: async (message) => {
        await bucket.take();
        return this.handlers.run(() => this.settings.handle(message, laCode));
      },
      onRestart: (error) =>
        this.settings.log.error(
          `${this.settings.label} consumer of LA ${laCode} stopped: ${String(error)}; restarting`,
        ),
      retryDelayMs: this.settings.retryDelayMs,
    });
    this.pulls.set(laCode, pull);
    pull.start(connection);
  }

  private async logFullStreams(): Promise<void> {
    for (const fill of await this.fill()) {
      if (fill.full && !this.fullLas.has(fill.laCode)) {
        this.fullLas.add(fill.laCode);
        this.settings.log.warn(
          `LA ${fill.laCode} reached its ${this.settings.label} stream limit (${fill.messages} messages, ` +
            `${fill.bytes} bytes waiting): publishes past the limit are refused until the hub has taken its backlog`,
        );
      } else if (!fill.full && this.fullLas.delete(fill.laCode)) {
        this.settings.log.info(`LA ${fill.laCode}'s ${this.settings.label} stream is below its limit again`);
      }
    }
  }
}
