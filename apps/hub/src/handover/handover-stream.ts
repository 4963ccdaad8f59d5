import { nanos, RetentionPolicy, StorageType, type JetStreamManager } from 'nats';
import { HANDOVER_CONSUMER, HANDOVER_STREAM, handoverStepPattern } from '@cp/contract';
import { ensureSerialConsumer, ensureStream } from '@cp/bus';

export const HANDOVER_STREAM_MAX_AGE_MS = 7 * 24 * 60 * 60 * 1000;
export const HANDOVER_DUPLICATE_WINDOW_MS = 2 * 60 * 1000;
/** A step the hub took but did not acknowledge (it crashed) comes back after this long. */
export const HANDOVER_ACK_WAIT_MS = 10_000;

/** The stream of every LA's handover steps and the hub's durable consumer of it (created or updated). */
export async function ensureHandoverStream(jsm: JetStreamManager): Promise<void> {
  await ensureStream(jsm, {
    name: HANDOVER_STREAM,
    subjects: [handoverStepPattern()],
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    max_age: nanos(HANDOVER_STREAM_MAX_AGE_MS),
    duplicate_window: nanos(HANDOVER_DUPLICATE_WINDOW_MS),
  });
  // One step at a time, in stream order: a node's steps apply in the order it took them.
  await ensureSerialConsumer(jsm, HANDOVER_STREAM, {
    durable: HANDOVER_CONSUMER,
    filterSubject: handoverStepPattern(),
    ackWaitMs: HANDOVER_ACK_WAIT_MS,
  });
}
