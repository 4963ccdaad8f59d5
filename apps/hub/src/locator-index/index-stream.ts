import { INDEX_CONSUMER, indexEventSubject, indexStreamOf } from '@cp/contract';
import type { LaStreamFamilySettings } from '@cp/bus';
import type { HubSettings } from '../config/hub-settings';

/** How long an index event may wait for the hub: it may be down this long and still catch up. */
export const INDEX_STREAM_MAX_AGE_MS = 7 * 24 * 60 * 60 * 1000;
/** JetStream drops a repeated Nats-Msg-Id within this window (publisher retries), per LA. */
export const INDEX_DUPLICATE_WINDOW_MS = 2 * 60 * 1000;
/** An unacknowledged event is redelivered after this long. */
export const INDEX_ACK_WAIT_MS = 30_000;

/**
 * Each LA's index stream and the hub's serial consumer of it: one event in flight per LA, in stream
 * order, so an LA's events apply in sequence. Durability: the node's outbox is the source of truth, so
 * an event JetStream loses in a crash shows up as a sequence gap and is repaired by a resync.
 */
export function indexStreamFamily(
  settings: HubSettings,
): Pick<LaStreamFamilySettings, 'label' | 'streamOf' | 'subjectOf' | 'durable' | 'ackWaitMs' | 'limits'> {
  return {
    label: 'index',
    streamOf: indexStreamOf,
    subjectOf: indexEventSubject,
    durable: INDEX_CONSUMER,
    ackWaitMs: INDEX_ACK_WAIT_MS,
    limits: {
      maxMessages: settings.BUS_LA_INDEX_MAX_MESSAGES,
      maxBytes: settings.BUS_LA_STREAM_MAX_BYTES,
      maxMessageBytes: settings.BUS_LA_MAX_MESSAGE_BYTES,
      maxAgeMs: INDEX_STREAM_MAX_AGE_MS,
      duplicateWindowMs: INDEX_DUPLICATE_WINDOW_MS,
      ratePerSecond: settings.BUS_LA_INDEX_RATE_PER_SECOND,
    },
  };
}
