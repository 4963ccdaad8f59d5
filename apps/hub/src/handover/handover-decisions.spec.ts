import fc from 'fast-check';
import { HANDOVER_STEP_KINDS, type HandoverStepKind } from '@cp/contract';
import {
  decideAbort,
  decideStart,
  decideStep,
  isOpen,
  parseHandoverStep,
  type HandoverFacts,
  type Side,
} from './handover-decisions';

const facts = (overrides: Partial<HandoverFacts> = {}): HandoverFacts => ({
  state: 'requested',
  initiatedBy: 'sender',
  fromLa: 'E09000033',
  toLa: 'E08000025',
  ...overrides,
});

describe('handover decisions (hub saga)', () => {
  it('claims a child once: a second open handover is refused and only its initiator told', () => {
    expect(decideStart('receiver', false)).toMatchObject({
      state: 'requested',
      deliveries: [{ to: 'sender', kind: 'asked' }],
    });
    expect(decideStart('receiver', true)).toMatchObject({
      state: 'refused',
      endReason: 'handover-in-progress',
      deliveries: [{ to: 'receiver', kind: 'ended' }],
    });
  });

  it('runs the happy path: accept by the side asked, package from A, received at B', () => {
    let current = facts();
    const accept = decideStep(current, { kind: 'accept', from: 'receiver' });
    expect(accept).toMatchObject({ state: 'accepted', deliveries: [{ to: 'sender', kind: 'send-package' }] });
    current = { ...current, state: accept.state };
    const pkg = decideStep(current, { kind: 'package', from: 'sender' });
    expect(pkg).toMatchObject({ state: 'package-sent', deliveries: [{ to: 'receiver', kind: 'package' }] });
    current = { ...current, state: pkg.state };
    const received = decideStep(current, { kind: 'received', from: 'receiver' });
    expect(received.state).toBe('completed');
    expect(received.deliveries.map((d) => `${d.to}:${d.kind}`)).toEqual([
      'sender:completed',
      'receiver:completed',
    ]);
  });

  it('ignores an accept from the initiating side and steps out of order', () => {
    expect(decideStep(facts(), { kind: 'accept', from: 'sender' }).outcome).toBe('ignored');
    expect(decideStep(facts(), { kind: 'received', from: 'receiver' }).outcome).toBe('ignored');
    expect(decideStep(facts({ state: 'accepted' }), { kind: 'package', from: 'receiver' }).outcome).toBe(
      'ignored',
    );
  });

  it('refuses only before acceptance; cancels and aborts until completion, never after', () => {
    expect(
      decideStep(facts(), { kind: 'refuse', from: 'receiver', endReason: 'not-the-same-child' }),
    ).toMatchObject({ state: 'refused', endReason: 'not-the-same-child', voidPending: true });
    expect(decideStep(facts({ state: 'accepted' }), { kind: 'refuse', from: 'receiver' }).outcome).toBe(
      'ignored',
    );
    expect(decideStep(facts({ state: 'package-sent' }), { kind: 'cancel', from: 'sender' }).state).toBe(
      'cancelled',
    );
    expect(decideStep(facts({ state: 'completed' }), { kind: 'cancel', from: 'sender' }).outcome).toBe(
      'ignored',
    );
    expect(decideAbort(facts({ state: 'accepted' })).state).toBe('aborted');
    expect(decideAbort(facts({ state: 'completed' })).outcome).toBe('ignored');
  });

  it('property: whatever steps arrive, in any order and repeated, a handover completes only after a package and never also ends', () => {
    const step = fc.record({
      kind: fc.constantFrom<Exclude<HandoverStepKind, 'start'>>(
        ...HANDOVER_STEP_KINDS.filter((kind): kind is Exclude<HandoverStepKind, 'start'> => kind !== 'start'),
      ),
      from: fc.constantFrom<Side>('sender', 'receiver'),
    });
    fc.assert(
      fc.property(
        fc.constantFrom<Side>('sender', 'receiver'),
        fc.array(fc.oneof(step, fc.constant('abort' as const)), { maxLength: 20 }),
        (initiatedBy, steps) => {
          let current = facts({ initiatedBy });
          const seen: string[] = [current.state];
          for (const next of steps) {
            const decision = next === 'abort' ? decideAbort(current) : decideStep(current, next);
            if (decision.outcome === 'ignored') {
              expect(decision.state).toBe(current.state);
              expect(decision.deliveries).toEqual([]);
            }
            if (!isOpen(current.state)) expect(decision.outcome).toBe('ignored');
            current = { ...current, state: decision.state };
            seen.push(current.state);
          }
          const completed = seen.indexOf('completed');
          if (completed !== -1) {
            expect(seen.slice(0, completed)).toContain('package-sent');
            expect(seen.slice(completed).every((state) => state === 'completed')).toBe(true);
          }
        },
      ),
    );
  });

  it('parses steps strictly: unknown kinds, reasons and LA codes are refused', () => {
    const good = {
      v: 1,
      kind: 'start',
      handoverId: '8b7c1a52-4f3e-4d8c-9a1b-2c3d4e5f6a7b',
      childId: '1b7c1a52-4f3e-4d8c-9a1b-2c3d4e5f6a7b',
      correlationId: '2b7c1a52-4f3e-4d8c-9a1b-2c3d4e5f6a7b',
      fromLa: 'E09000033',
      toLa: 'E08000025',
      initiatedBy: 'sender',
      reasonCode: 'family-moved',
    };
    expect(parseHandoverStep(good).kind).toBe('start');
    expect(() => parseHandoverStep({ ...good, kind: 'steal' })).toThrow(/kind/);
    expect(() => parseHandoverStep({ ...good, reasonCode: 'free text' })).toThrow(/reasonCode/);
    expect(() => parseHandoverStep({ ...good, toLa: 'E09000033' })).toThrow(/same LA/);
    expect(() => parseHandoverStep({ ...good, kind: 'cancel', endReason: 'because' })).toThrow(/endReason/);
  });
});
