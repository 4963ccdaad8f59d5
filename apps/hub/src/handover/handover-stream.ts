import {
  AckPolicy,
  DeliverPolicy,
  nanos,
  RetentionPolicy,
  StorageType,
  type JetStreamManager,
  type StreamConfig,
} from 'nats';
import { HANDOVER_CONSUMER, HANDOVER_STREAM, handoverStepPattern } from '@cp/contract';

export const HANDOVER_STREAM_MAX_AGE_MS = 7 * 24 * 60 * 60 * 1000;
export const HANDOVER_DUPLICATE_WINDOW_MS = 2 * 60 * 1000;
/** A step the hub took but did not acknowledge (it crashed) comes back after this long. */
export const HANDOVER_ACK_WAIT_MS = 10_000;

/** The stream of every LA's handover steps and the hub's durable consumer of it (created or updated). */
export async function ensureHandoverStream(jsm: JetStreamManager): Promise<void> {
  const config: Partial<StreamConfig> & { name: string } = {
    name: HANDOVER_STREAM,
    subjects: [handoverStepPattern()],
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    max_age: nanos(HANDOVER_STREAM_MAX_AGE_MS),
    duplicate_window: nanos(HANDOVER_DUPLICATE_WINDOW_MS),
  };
  const exists = await jsm.streams.info(HANDOVER_STREAM).then(
    () => true,
    () => false,
  );
  if (exists) await jsm.streams.update(HANDOVER_STREAM, config);
  else await jsm.streams.add(config);
  await jsm.consumers.add(HANDOVER_STREAM, {
    durable_name: HANDOVER_CONSUMER,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    ack_wait: nanos(HANDOVER_ACK_WAIT_MS),
    // One step at a time, in stream order: a node's steps apply in the order it took them.
    max_ack_pending: 1,
    filter_subject: handoverStepPattern(),
  });
}
