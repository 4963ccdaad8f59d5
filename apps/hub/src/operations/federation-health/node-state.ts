/** A node's state as the operators' console shows it, in words (never by colour alone). */
export type NodeState = 'up' | 'late' | 'down';
export const NODE_STATES: readonly NodeState[] = ['up', 'late', 'down'];

export interface PresenceThresholds {
  lateAfterSeconds: number;
  downAfterSeconds: number;
}

/**
 * Up while the last index event or heartbeat is younger than the late threshold, late until the down
 * threshold, then down. A node never heard from is down.
 */
export function nodeStateOf(lastSeenAt: Date | null, now: Date, thresholds: PresenceThresholds): NodeState {
  if (!lastSeenAt) return 'down';
  const silentSeconds = (now.getTime() - lastSeenAt.getTime()) / 1000;
  if (silentSeconds >= thresholds.downAfterSeconds) return 'down';
  if (silentSeconds >= thresholds.lateAfterSeconds) return 'late';
  return 'up';
}

export type CertificateState = 'valid' | 'expiring' | 'expired' | 'revoked' | 'none';

/** The state of an LA's current certificate: expiring when fewer than `warningDays` remain. */
export function certificateStateOf(
  current: { notAfter: Date } | undefined,
  latestRevoked: boolean,
  now: Date,
  warningDays: number,
): { state: CertificateState; daysLeft: number | null } {
  if (!current) return { state: latestRevoked ? 'revoked' : 'none', daysLeft: null };
  const daysLeft = (current.notAfter.getTime() - now.getTime()) / 86_400_000;
  if (daysLeft <= 0) return { state: 'expired', daysLeft: 0 };
  return { state: daysLeft < warningDays ? 'expiring' : 'valid', daysLeft: Math.floor(daysLeft * 10) / 10 };
}
