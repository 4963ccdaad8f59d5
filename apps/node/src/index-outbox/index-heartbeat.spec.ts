import fc from 'fast-check';
import { heartbeatMessageId } from './index-heartbeat';

const LA = 'E09000033';
const INTERVAL = 30_000;

describe('heartbeatMessageId', () => {
  it('names the LA, the last published sequence and the interval slot', () => {
    expect(heartbeatMessageId(LA, '42', 90_000, INTERVAL)).toBe('E09000033:heartbeat:42:3');
    expect(heartbeatMessageId(LA, '0', 0, INTERVAL)).toBe('E09000033:heartbeat:0:0');
  });

  it('is the same for a retry within one interval, so JetStream drops the repeat', () => {
    const start = 1_767_225_600_000; // a slot boundary (a multiple of 30 s)
    const id = heartbeatMessageId(LA, '7', start, INTERVAL);
    expect(heartbeatMessageId(LA, '7', start + INTERVAL - 1, INTERVAL)).toBe(id);
    expect(heartbeatMessageId(LA, '7', start + INTERVAL, INTERVAL)).not.toBe(id);
  });

  it('differs for every two heartbeats an interval apart, whatever the sequence (never deduplicated)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 4_102_444_800_000 }),
        fc.integer({ min: 1, max: 300 }),
        fc.integer({ min: 0, max: 10_000 }),
        fc.bigInt({ min: 0n, max: 2n ** 63n - 1n }),
        (now, seconds, extraMs, sequence) => {
          const interval = seconds * 1000;
          const first = heartbeatMessageId(LA, sequence.toString(), now, interval);
          const next = heartbeatMessageId(LA, sequence.toString(), now + interval + extraMs, interval);
          expect(next).not.toBe(first);
        },
      ),
    );
  });

  it('differs between LAs and between sequences in the same slot', () => {
    expect(heartbeatMessageId('E08000025', '1', 0, INTERVAL)).not.toBe(
      heartbeatMessageId(LA, '1', 0, INTERVAL),
    );
    expect(heartbeatMessageId(LA, '2', 0, INTERVAL)).not.toBe(heartbeatMessageId(LA, '1', 0, INTERVAL));
  });

  it('refuses an interval that is not a positive whole number of milliseconds', () => {
    expect(() => heartbeatMessageId(LA, '1', 0, 0)).toThrow(RangeError);
    expect(() => heartbeatMessageId(LA, '1', 0, 1.5)).toThrow(RangeError);
  });
});
