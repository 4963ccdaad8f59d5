import { certificateStateOf, nodeStateOf } from './node-state';

const now = new Date('2026-05-01T12:00:00Z');
const ago = (seconds: number) => new Date(now.getTime() - seconds * 1000);
const thresholds = { lateAfterSeconds: 90, downAfterSeconds: 300 };

describe('node state', () => {
  it('is up, late or down by the silence since the last event or heartbeat', () => {
    expect(nodeStateOf(ago(10), now, thresholds)).toBe('up');
    expect(nodeStateOf(ago(89.9), now, thresholds)).toBe('up');
    expect(nodeStateOf(ago(90), now, thresholds)).toBe('late');
    expect(nodeStateOf(ago(299), now, thresholds)).toBe('late');
    expect(nodeStateOf(ago(300), now, thresholds)).toBe('down');
    expect(nodeStateOf(null, now, thresholds)).toBe('down');
  });
});

describe('certificate state', () => {
  const inDays = (days: number) => ({ notAfter: new Date(now.getTime() + days * 86_400_000) });
  it('warns fewer than 14 days ahead, and tells expired, revoked and missing apart', () => {
    expect(certificateStateOf(inDays(30), false, now, 14)).toEqual({ state: 'valid', daysLeft: 30 });
    expect(certificateStateOf(inDays(14), false, now, 14)).toEqual({ state: 'valid', daysLeft: 14 });
    expect(certificateStateOf(inDays(13.5), false, now, 14)).toEqual({ state: 'expiring', daysLeft: 13.5 });
    expect(certificateStateOf(inDays(-1), false, now, 14)).toEqual({ state: 'expired', daysLeft: 0 });
    expect(certificateStateOf(undefined, true, now, 14)).toEqual({ state: 'revoked', daysLeft: null });
    expect(certificateStateOf(undefined, false, now, 14)).toEqual({ state: 'none', daysLeft: null });
  });
});
