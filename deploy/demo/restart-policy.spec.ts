import fc from 'fast-check';
import { DEFAULT_RESTART_POLICY, RestartPolicy, restartLine, type RestartDecision } from './restart-policy';

const QUICK = 5_000;
const HEALTHY = DEFAULT_RESTART_POLICY.healthyAfterMs;

function delays(decisions: RestartDecision[]): (number | 'give-up')[] {
  return decisions.map((decision) => (decision.action === 'restart' ? decision.delayMs : 'give-up'));
}

describe('demo restart policy', () => {
  it('waits 1 s, doubling with each quick crash in a row, and gives up after the sixth', () => {
    const policy = new RestartPolicy();
    const decisions = Array.from({ length: 6 }, () => policy.onExit(QUICK));
    expect(delays(decisions)).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 'give-up']);
    expect(decisions[5]).toEqual({ action: 'give-up', quickCrashes: 6 });
  });

  it('caps the wait at the maximum', () => {
    const policy = new RestartPolicy({ ...DEFAULT_RESTART_POLICY, maxQuickCrashes: 10 });
    const decisions = Array.from({ length: 8 }, () => policy.onExit(QUICK));
    expect(delays(decisions)).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000]);
  });

  it('starts afresh after a run of 60 s or more, and keeps counting restarts', () => {
    const policy = new RestartPolicy();
    policy.onExit(QUICK);
    policy.onExit(QUICK);
    expect(policy.onExit(QUICK)).toEqual({ action: 'restart', delayMs: 4_000, restart: 3 });
    expect(policy.onExit(HEALTHY)).toEqual({ action: 'restart', delayMs: 1_000, restart: 4 });
    expect(policy.onExit(HEALTHY - 1)).toEqual({ action: 'restart', delayMs: 2_000, restart: 5 });
  });

  it('says what happened and what comes next, in one line', () => {
    expect(restartLine('hub', 'SIGKILL', { action: 'restart', delayMs: 1_000, restart: 1 })).toBe(
      'hub exited (signal SIGKILL); restarting in 1 s (restart 1)',
    );
    expect(restartLine('kent', 1, { action: 'give-up', quickCrashes: 6 })).toMatch(
      /^kent exited \(code 1\); giving up on kent after 6 crashes in a row/,
    );
  });

  it('refuses settings that would never restart or never wait', () => {
    expect(() => new RestartPolicy({ ...DEFAULT_RESTART_POLICY, initialDelayMs: 0 })).toThrow(/positive/);
    expect(() => new RestartPolicy({ ...DEFAULT_RESTART_POLICY, maxDelayMs: 500 })).toThrow(/maximum/);
    expect(() => new RestartPolicy({ ...DEFAULT_RESTART_POLICY, maxQuickCrashes: 0 })).toThrow(/at least 1/);
  });

  it('for any run lengths: waits within the bounds, gives up only after more quick crashes in a row than allowed', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 3 * HEALTHY }), { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 1, max: 8 }),
        (runs, maxQuickCrashes) => {
          const policy = new RestartPolicy({ ...DEFAULT_RESTART_POLICY, maxQuickCrashes });
          let inARow = 0;
          for (const ranForMs of runs) {
            inARow = ranForMs >= HEALTHY ? 1 : inARow + 1;
            const decision = policy.onExit(ranForMs);
            if (inARow > maxQuickCrashes) {
              expect(decision.action).toBe('give-up');
              return;
            }
            expect(decision.action).toBe('restart');
            if (decision.action !== 'restart') return;
            expect(decision.delayMs).toBeGreaterThanOrEqual(DEFAULT_RESTART_POLICY.initialDelayMs);
            expect(decision.delayMs).toBeLessThanOrEqual(DEFAULT_RESTART_POLICY.maxDelayMs);
            if (ranForMs >= HEALTHY) expect(decision.delayMs).toBe(DEFAULT_RESTART_POLICY.initialDelayMs);
          }
        },
      ),
    );
  });
});
