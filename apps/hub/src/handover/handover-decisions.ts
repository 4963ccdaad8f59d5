import {
  HANDOVER_CONTRACT_VERSION,
  HANDOVER_END_REASONS,
  HANDOVER_REASONS,
  HANDOVER_STEP_KINDS,
  OPEN_HUB_HANDOVER_STATES,
  type HandoverDeliveryKind,
  type HandoverEndReason,
  type HandoverInitiator,
  type HandoverReason,
  type HandoverStepBody,
  type HandoverStepKind,
  type HubHandoverState,
} from '@cp/contract';
import { isValidLaCode } from '@cp/identifiers';

/** The hub's saga as pure functions: given the handover's state and a step, what changes and who is told. */

export type Side = 'sender' | 'receiver';

export interface HandoverFacts {
  state: HubHandoverState;
  initiatedBy: HandoverInitiator;
  fromLa: string;
  toLa: string;
}

export interface PlannedDelivery {
  to: Side;
  kind: HandoverDeliveryKind;
}

export interface Decision {
  /** 'ignored': a step that comes too late or from the wrong side changes nothing (it is logged). */
  outcome: 'applied' | 'ignored';
  state: HubHandoverState;
  endReason: HandoverEndReason | null;
  deliveries: PlannedDelivery[];
  /** Undelivered deliveries of this handover are voided (the handover ended before they were sent). */
  voidPending: boolean;
  why: string;
}

export function isOpen(state: HubHandoverState): boolean {
  return OPEN_HUB_HANDOVER_STATES.includes(state);
}

export function otherSide(side: Side): Side {
  return side === 'sender' ? 'receiver' : 'sender';
}

export function laOf(facts: Pick<HandoverFacts, 'fromLa' | 'toLa'>, side: Side): string {
  return side === 'sender' ? facts.fromLa : facts.toLa;
}

/** Which side an LA is in this handover, if either. */
export function sideOf(facts: Pick<HandoverFacts, 'fromLa' | 'toLa'>, laCode: string): Side | undefined {
  if (laCode === facts.fromLa) return 'sender';
  if (laCode === facts.toLa) return 'receiver';
  return undefined;
}

const BOTH_ENDED: PlannedDelivery[] = [
  { to: 'sender', kind: 'ended' },
  { to: 'receiver', kind: 'ended' },
];

function ignored(facts: HandoverFacts, why: string): Decision {
  return { outcome: 'ignored', state: facts.state, endReason: null, deliveries: [], voidPending: false, why };
}

function ended(state: HubHandoverState, endReason: HandoverEndReason, why: string): Decision {
  return { outcome: 'applied', state, endReason, deliveries: BOTH_ENDED, voidPending: true, why };
}

/**
 * A new handover: 'requested' and the other side is asked; or, when the child already has an open
 * handover, 'refused' at once (handover-in-progress) and only the initiator is told.
 */
export function decideStart(initiatedBy: HandoverInitiator, childHasOpenHandover: boolean): Decision {
  const initiator: Side = initiatedBy;
  if (childHasOpenHandover)
    return {
      outcome: 'applied',
      state: 'refused',
      endReason: 'handover-in-progress',
      deliveries: [{ to: initiator, kind: 'ended' }],
      voidPending: false,
      why: 'another handover of this child is open',
    };
  return {
    outcome: 'applied',
    state: 'requested',
    endReason: null,
    deliveries: [{ to: otherSide(initiator), kind: 'asked' }],
    voidPending: false,
    why: 'claimed',
  };
}

/** A step from one side of an existing handover. */
export function decideStep(
  facts: HandoverFacts,
  step: { kind: Exclude<HandoverStepKind, 'start'>; from: Side; endReason?: HandoverEndReason },
): Decision {
  const answering: Side = otherSide(facts.initiatedBy);
  switch (step.kind) {
    case 'accept':
      if (step.from !== answering) return ignored(facts, 'only the side asked accepts');
      if (facts.state !== 'requested') return ignored(facts, `accept in state ${facts.state}`);
      return {
        outcome: 'applied',
        state: 'accepted',
        endReason: null,
        deliveries: [{ to: 'sender', kind: 'send-package' }],
        voidPending: false,
        why: 'accepted',
      };
    case 'refuse':
      if (step.from !== answering) return ignored(facts, 'only the side asked refuses');
      if (facts.state !== 'requested') return ignored(facts, `refuse in state ${facts.state}`);
      return ended('refused', step.endReason ?? 'not-the-same-child', 'refused');
    case 'cancel':
      if (!isOpen(facts.state)) return ignored(facts, `cancel in state ${facts.state}`);
      return ended('cancelled', step.endReason ?? 'started-in-error', `cancelled by the ${step.from}`);
    case 'package':
      if (step.from !== 'sender') return ignored(facts, 'only the holder sends the package');
      if (facts.state !== 'accepted') return ignored(facts, `package in state ${facts.state}`);
      return {
        outcome: 'applied',
        state: 'package-sent',
        endReason: null,
        deliveries: [{ to: 'receiver', kind: 'package' }],
        voidPending: false,
        why: 'package relayed',
      };
    case 'received':
      if (step.from !== 'receiver') return ignored(facts, 'only the receiver receives');
      if (facts.state !== 'package-sent') return ignored(facts, `received in state ${facts.state}`);
      return {
        outcome: 'applied',
        state: 'completed',
        endReason: null,
        deliveries: [
          { to: 'sender', kind: 'completed' },
          { to: 'receiver', kind: 'completed' },
        ],
        voidPending: false,
        why: 'completed',
      };
  }
}

/** An operator's abort: any open handover ends, the record staying where it was. */
export function decideAbort(facts: HandoverFacts): Decision {
  if (!isOpen(facts.state)) return ignored(facts, `abort in state ${facts.state}`);
  return ended('aborted', 'operator-abort', 'aborted by an operator');
}

export class MalformedHandoverStepError extends Error {
  constructor(what: string) {
    super(`Malformed handover step: ${what}`);
    this.name = 'MalformedHandoverStepError';
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Checks a step's body (the envelope around it is verified first); unknown kinds and reasons are refused. */
export function parseHandoverStep(body: unknown): HandoverStepBody {
  if (typeof body !== 'object' || body === null) throw new MalformedHandoverStepError('not an object');
  const step = body as Record<string, unknown>;
  if (step.v !== HANDOVER_CONTRACT_VERSION) throw new MalformedHandoverStepError('version');
  if (!HANDOVER_STEP_KINDS.includes(step.kind as HandoverStepKind))
    throw new MalformedHandoverStepError('kind');
  for (const field of ['handoverId', 'childId', 'correlationId'] as const)
    if (typeof step[field] !== 'string' || !UUID.test(step[field]))
      throw new MalformedHandoverStepError(field);
  for (const field of ['fromLa', 'toLa'] as const)
    if (typeof step[field] !== 'string' || !isValidLaCode(step[field]))
      throw new MalformedHandoverStepError(field);
  if (step.fromLa === step.toLa) throw new MalformedHandoverStepError('same LA');
  if (step.kind === 'start') {
    if (step.initiatedBy !== 'sender' && step.initiatedBy !== 'receiver')
      throw new MalformedHandoverStepError('initiatedBy');
    if (!HANDOVER_REASONS.includes(step.reasonCode as HandoverReason))
      throw new MalformedHandoverStepError('reasonCode');
  }
  if (
    (step.kind === 'refuse' || step.kind === 'cancel') &&
    !HANDOVER_END_REASONS.includes(step.endReason as HandoverEndReason)
  )
    throw new MalformedHandoverStepError('endReason');
  if (step.kind === 'package' && (typeof step.package !== 'object' || step.package === null))
    throw new MalformedHandoverStepError('package');
  if (step.kind === 'received' && (typeof step.receipt !== 'object' || step.receipt === null))
    throw new MalformedHandoverStepError('receipt');
  return step as HandoverStepBody;
}
