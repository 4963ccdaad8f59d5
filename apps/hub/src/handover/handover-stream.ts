import { HANDOVER_CONSUMER, handoverStepSubject, handoverStreamOf } from '@cp/contract';
import type { LaStreamFamilySettings } from '@cp/bus';
import type { HubSettings } from '../config/hub-settings';

export const HANDOVER_STREAM_MAX_AGE_MS = 7 * 24 * 60 * 60 * 1000;
export const HANDOVER_DUPLICATE_WINDOW_MS = 2 * 60 * 1000;
/** A step the hub took but did not acknowledge (it crashed) comes back after this long. */
export const HANDOVER_ACK_WAIT_MS = 10_000;

/** Each LA's stream of handover steps: one step at a time, in the order that node took them. */
export function handoverStreamFamily(
  settings: HubSettings,
): Pick<LaStreamFamilySettings, 'label' | 'streamOf' | 'subjectOf' | 'durable' | 'ackWaitMs' | 'limits'> {
  return {
    label: 'handover',
    streamOf: handoverStreamOf,
    subjectOf: handoverStepSubject,
    durable: HANDOVER_CONSUMER,
    ackWaitMs: HANDOVER_ACK_WAIT_MS,
    limits: {
      maxMessages: settings.BUS_LA_HANDOVER_MAX_MESSAGES,
      maxBytes: settings.BUS_LA_STREAM_MAX_BYTES,
      maxMessageBytes: settings.BUS_LA_MAX_MESSAGE_BYTES,
      maxAgeMs: HANDOVER_STREAM_MAX_AGE_MS,
      duplicateWindowMs: HANDOVER_DUPLICATE_WINDOW_MS,
      ratePerSecond: settings.BUS_LA_HANDOVER_RATE_PER_SECOND,
    },
  };
}
