/** Pure rules of sign-in: lock-out after repeated failures, and one use per TOTP time step. */

export interface LockoutPolicy {
  threshold: number;
  lockMinutes: number;
}

export interface LockoutState {
  failedAttempts: number;
  lockedUntil: Date | null;
}

export function isLocked(state: LockoutState, now: Date): boolean {
  return state.lockedUntil !== null && state.lockedUntil.getTime() > now.getTime();
}

/**
 * The state after one more failure. Reaching the threshold locks the account and starts the count again,
 * so after the lock ends another full run of failures is needed to lock it again.
 */
export function afterFailure(state: LockoutState, now: Date, policy: LockoutPolicy): LockoutState {
  const failedAttempts = state.failedAttempts + 1;
  if (failedAttempts >= policy.threshold) {
    return { failedAttempts: 0, lockedUntil: new Date(now.getTime() + policy.lockMinutes * 60_000) };
  }
  return { failedAttempts, lockedUntil: state.lockedUntil };
}

export function afterSuccess(): LockoutState {
  return { failedAttempts: 0, lockedUntil: null };
}

/**
 * A code matched at `step` is accepted only if that step is later than the last one accepted for the user:
 * a code cannot be used twice, nor an older code after a newer one.
 */
export function isFreshStep(step: number, lastUsedStep: number | null): boolean {
  return lastUsedStep === null || step > lastUsedStep;
}
