/**
 * The JetStream message id of a heartbeat: `<LA>:heartbeat:<last published sequence>:<slot>`, the slot being
 * the number of whole heartbeat intervals since the epoch. JetStream drops a repeat of the same id inside
 * its duplicate window (2 minutes), so a retry of one heartbeat (or two processes of the node heartbeating
 * in the same interval) reaches the hub once, while the next interval's heartbeat always gets through —
 * without the slot, a quiet node's unchanged heartbeats were dropped for the whole window.
 */
export function heartbeatMessageId(
  laCode: string,
  lastSequence: string,
  nowMs: number,
  intervalMs: number,
): string {
  if (!Number.isInteger(intervalMs) || intervalMs <= 0) {
    throw new RangeError(`Heartbeat interval must be a positive whole number of ms, got ${intervalMs}`);
  }
  return `${laCode}:heartbeat:${lastSequence}:${Math.floor(nowMs / intervalMs)}`;
}

/** What a heartbeat carries as the highest published sequence when nothing has been published (yet). */
export const NOTHING_PUBLISHED = '0';
