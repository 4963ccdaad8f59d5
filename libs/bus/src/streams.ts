import {
  AckPolicy,
  DeliverPolicy,
  nanos,
  type ConsumerInfo,
  type JetStreamManager,
  type StreamConfig,
} from 'nats';

/** Creates a JetStream stream, or brings an existing one up to the given settings. */
export async function ensureStream(
  jsm: JetStreamManager,
  config: Partial<StreamConfig> & { name: string },
): Promise<void> {
  const exists = await jsm.streams.info(config.name).then(
    () => true,
    () => false,
  );
  if (exists) await jsm.streams.update(config.name, config);
  else await jsm.streams.add(config);
}

export interface SerialConsumerSettings {
  /** The durable name: one consumer shared by every process of the reader. */
  durable: string;
  filterSubject: string;
  /** A message taken but not acknowledged (the reader crashed) comes back after this long. */
  ackWaitMs: number;
}

/**
 * Adds (or updates) a durable pull consumer that reads the whole stream one message at a time in stream
 * order (explicit acknowledgement, deliver all, one unacknowledged message at most), so what a sender
 * published in order applies in that order.
 */
export function ensureSerialConsumer(
  jsm: JetStreamManager,
  stream: string,
  settings: SerialConsumerSettings,
): Promise<ConsumerInfo> {
  return jsm.consumers.add(stream, {
    durable_name: settings.durable,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    ack_wait: nanos(settings.ackWaitMs),
    max_ack_pending: 1,
    filter_subject: settings.filterSubject,
  });
}

/**
 * What a failed JetStream publish means, for a log line. nats.js reports JetStream's refusal of a full
 * stream ("maximum messages exceeded", "maximum bytes exceeded") and a stream that is not there as the
 * bare code 503; the sender's outbox keeps the message and tries again either way.
 */
export function describePublishFailure(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  if (/^(NatsError: )?503$/.test(text) || /maximum (messages|bytes) exceeded/.test(text))
    return `${text}: the hub's stream for this LA is full (its limit reached) or not open yet; kept and retried`;
  return text;
}
