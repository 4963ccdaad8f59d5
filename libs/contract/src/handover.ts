import { hubRequestSubject, laSubject } from './subjects';

/**
 * A child moves area: the record is handed over from LA A (the holder) to LA B, exactly once.
 *
 * The hub coordinates; it never reads the record (sealed for B, signed by A). Two channels:
 *  - node -> hub: `cp.v1.hub.<LA>.handover`, captured by that LA's own JetStream stream CP_HANDOVER_<LA>. Each node writes
 *    these messages to its transactional outbox in the transaction of the step they report, and publishes
 *    them with Nats-Msg-Id `<handoverId>:<kind>:<LA>` (JetStream drops a repeat);
 *  - hub -> node: `cp.v1.la.<LA>.handover`, request-reply. The hub writes each delivery to its own outbox in
 *    the transaction of the decision, and sends it until the node answers with a signed acknowledgement,
 *    which the node gives only after committing what the delivery asked.
 * Every receiver is idempotent (handover id + step is a unique key), so a redelivery changes nothing.
 * The hub's handover row is the single decision point: one open handover per child (unique), and the
 * transition to 'completed' (B holds) or to a terminal refusal is taken there, under a row lock, once.
 */
export const HANDOVER_CONTRACT_VERSION = 1;

export const HANDOVER_OPERATION = 'handover';
/** Each LA's steps have a stream of their own in the hub's account (see INDEX_STREAM_PREFIX for why). */
export const HANDOVER_STREAM_PREFIX = 'CP_HANDOVER_';
export const HANDOVER_CONSUMER = 'hub-handover';

/** The stream of one LA's handover steps. */
export function handoverStreamOf(laCode: string): string {
  return `${HANDOVER_STREAM_PREFIX}${laCode}`;
}

export const HANDOVER_MESSAGE_TYPES = {
  /** node -> hub (JetStream): a step taken at the node. */
  step: 'handover-step',
  /** hub -> node (request): what the node is to do next. */
  delivery: 'handover-delivery',
  /** node -> hub (reply): the delivery was committed (or was already). */
  deliveryAck: 'handover-delivery-ack',
  /** A -> B, sealed for B and signed by A: the record itself. */
  package: 'handover-package',
  /** B -> A, signed by B: B holds the record; how A's practitioners reach B. */
  receipt: 'handover-receipt',
} as const;

/** Where a node publishes its handover steps (inside its own `cp.v1.hub.<LA>.>` permission). */
export function handoverStepSubject(laCode: string): string {
  return hubRequestSubject(laCode, HANDOVER_OPERATION);
}

/** Where the hub delivers to an LA's node (only that LA may subscribe). */
export function handoverDeliverySubject(laCode: string): string {
  return laSubject(laCode, HANDOVER_OPERATION);
}

/** The JetStream message id of a node's step: a republished outbox row is dropped as a duplicate. */
export function handoverMessageId(handoverId: string, kind: string, laCode: string): string {
  return `${handoverId}:${kind}:${laCode}`;
}

/** Why a data manager hands a record over: a controlled list, never free text. */
export const HANDOVER_REASONS = [
  'family-moved',
  'placed-in-other-area',
  'moved-to-live-with-relative',
  'moved-to-other-carer',
] as const;
export type HandoverReason = (typeof HANDOVER_REASONS)[number];

/** Why a data manager refuses or cancels a handover. */
export const HANDOVER_REFUSAL_REASONS = [
  'not-the-same-child',
  'child-not-resident-in-area',
  'move-did-not-happen',
  'started-in-error',
] as const;
export type HandoverRefusalReason = (typeof HANDOVER_REFUSAL_REASONS)[number];

/** Why a party (not a person) ended a handover. */
export const HANDOVER_SYSTEM_REASONS = [
  'handover-in-progress',
  'record-not-found',
  'record-moved-out',
  'identifier-conflict',
  'package-invalid',
  'no-certificate',
  'operator-abort',
] as const;
export type HandoverSystemReason = (typeof HANDOVER_SYSTEM_REASONS)[number];
export type HandoverEndReason = HandoverRefusalReason | HandoverSystemReason;
export const HANDOVER_END_REASONS: readonly HandoverEndReason[] = [
  ...HANDOVER_REFUSAL_REASONS,
  ...HANDOVER_SYSTEM_REASONS,
];

/**
 * The hub's steps. Open: requested -> accepted -> package-sent; terminal: completed, refused, cancelled,
 * aborted. 'completed' is decided when B accepts the package; refusals and cancellations only before it.
 */
export const HUB_HANDOVER_STATES = [
  'requested',
  'accepted',
  'package-sent',
  'completed',
  'refused',
  'cancelled',
  'aborted',
] as const;
export type HubHandoverState = (typeof HUB_HANDOVER_STATES)[number];
export const OPEN_HUB_HANDOVER_STATES: readonly HubHandoverState[] = [
  'requested',
  'accepted',
  'package-sent',
];

/** Which side started it: the holder ('sender', LA A) or the receiving LA ('receiver', LA B). */
export type HandoverInitiator = 'sender' | 'receiver';

/** What a node reports to the hub (one kind per step; with the sender LA, the unique key of a message). */
export const HANDOVER_STEP_KINDS = ['start', 'accept', 'refuse', 'cancel', 'package', 'received'] as const;
export type HandoverStepKind = (typeof HANDOVER_STEP_KINDS)[number];

export interface HandoverStepBody {
  [key: string]: unknown;
  v: number;
  kind: HandoverStepKind;
  handoverId: string;
  childId: string;
  fromLa: string;
  toLa: string;
  correlationId: string;
  /** 'start' only. */
  initiatedBy?: HandoverInitiator;
  reasonCode?: HandoverReason;
  /** 'refuse' and 'cancel'. */
  endReason?: HandoverEndReason;
  /** 'package': a SignedEnvelope (type handover-package, A -> B) whose body is a SealedBody. */
  package?: unknown;
  /** 'received': a SignedEnvelope (type handover-receipt, B -> A) whose body is a HandoverReceipt. */
  receipt?: unknown;
}

/** What the hub asks a node to do. */
export const HANDOVER_DELIVERY_KINDS = [
  /** to the non-initiating side: a handover was asked for; its data manager answers. */
  'asked',
  /** to A once both sides agree: seal the record for B (B's certificate attached). */
  'send-package',
  /** to B: A's package (A's certificate attached). */
  'package',
  /** to A and B: B holds the record (to A with B's signed receipt and certificate). */
  'completed',
  /** to both: the handover ended without moving the record. */
  'ended',
] as const;
export type HandoverDeliveryKind = (typeof HANDOVER_DELIVERY_KINDS)[number];

export interface HandoverDeliveryBody {
  [key: string]: unknown;
  v: number;
  deliveryId: string;
  kind: HandoverDeliveryKind;
  handoverId: string;
  childId: string;
  fromLa: string;
  toLa: string;
  correlationId: string;
  initiatedBy: HandoverInitiator;
  reasonCode: HandoverReason;
  /** 'ended'. */
  state?: HubHandoverState;
  endReason?: HandoverEndReason | null;
  /** 'send-package': B's current certificate; 'package' and 'completed': the signer's certificate. */
  peerCertificatePem?: string;
  /** 'package'. */
  package?: unknown;
  /** 'completed' to A. */
  receipt?: unknown;
}

export interface HandoverDeliveryAckBody {
  [key: string]: string;
  deliveryId: string;
  handoverId: string;
  /** 'done' (committed now or before) or 'refused' (the node will never do it; it says why in its step). */
  result: 'done' | 'refused';
}

export interface HandoverContact {
  name: string;
  telephone: string;
  email: string;
}

/** B's signed receipt for A: A's stub shows it. */
export interface HandoverReceipt {
  [key: string]: string | number | HandoverContact;
  v: number;
  handoverId: string;
  childId: string;
  fromLa: string;
  toLa: string;
  toLaName: string;
  /** ISO date B took the record. */
  movedOn: string;
  contact: HandoverContact;
}

export interface HandoverContactDetails {
  telephone?: string;
  email?: string;
}

export interface HandoverInvolvement {
  id: string;
  practitionerName: string;
  role: string;
  organisation: string;
  serviceType: string;
  contact: HandoverContactDetails;
  startDate: string;
  endDate: string | null;
  hasInformationToShare: boolean;
  assessment: { type: string; date: string } | null;
  consentRecordedOn: string | null;
  isLeadProfessional: boolean;
  /** The LA whose services these were (A, or an earlier LA when the child moved before). */
  fromLa: { laCode: string; laName: string };
}

/** What A seals for B: the whole record, the LAs repeated inside so a re-signed package is refused. */
export interface SealedHandoverPackage {
  v: number;
  handoverId: string;
  fromLa: string;
  fromLaName: string;
  toLa: string;
  /** A's version when it froze the record. */
  version: number;
  child: {
    id: string;
    givenName: string;
    familyName: string;
    otherNames: string[];
    dateOfBirth: string;
    gender: string;
    nhsNumber: string | null;
    upn: string | null;
    address: { line1: string; line2: string | null; town: string; postcode: string; from: string };
    shielding: { reasonCode: string; shieldedAt: string; shieldedBy: string } | null;
  };
  previousAddresses: {
    line1: string;
    line2: string | null;
    town: string;
    postcode: string;
    from: string | null;
    to: string;
  }[];
  carers: {
    name: string;
    relationship: string;
    hasParentalResponsibility: boolean;
    contact: HandoverContactDetails;
  }[];
  educationalSetting: { name: string; urn: string | null; contact: HandoverContactDetails } | null;
  gpPractice: { name: string; odsCode: string | null; contact: HandoverContactDetails } | null;
  involvements: HandoverInvolvement[];
}
