import { nanos, RetentionPolicy, StorageType, type JetStreamManager } from 'nats';
import { INDEX_CONSUMER, INDEX_STREAM, indexEventPattern } from '@cp/contract';
import { ensureSerialConsumer, ensureStream } from '@cp/bus';

/** How long index events stay in the stream: the hub may be down this long and still catch up. */
export const INDEX_STREAM_MAX_AGE_MS = 7 * 24 * 60 * 60 * 1000;
/** JetStream drops a repeated Nats-Msg-Id within this window (publisher retries). */
export const INDEX_DUPLICATE_WINDOW_MS = 2 * 60 * 1000;
/** An unacknowledged event is redelivered after this long. */
export const INDEX_ACK_WAIT_MS = 30_000;

/**
 * Creates (or brings up to date) the index stream and the hub's durable consumer. Durability: the node's
 * outbox is the source of truth, so an event JetStream loses in a crash shows up as a sequence gap and is
 * repaired by a resync; the stream need not sync every write.
 */
export async function ensureIndexStream(jsm: JetStreamManager): Promise<void> {
  await ensureStream(jsm, {
    name: INDEX_STREAM,
    subjects: [indexEventPattern()],
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    max_age: nanos(INDEX_STREAM_MAX_AGE_MS),
    duplicate_window: nanos(INDEX_DUPLICATE_WINDOW_MS),
  });
  // One event in flight: strict stream order, so each LA's events apply in sequence.
  await ensureSerialConsumer(jsm, INDEX_STREAM, {
    durable: INDEX_CONSUMER,
    filterSubject: indexEventPattern(),
    ackWaitMs: INDEX_ACK_WAIT_MS,
  });
}
