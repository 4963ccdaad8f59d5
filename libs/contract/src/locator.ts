import { hubRequestSubject, laSubject } from './subjects';

/**
 * The locator index feed: each node publishes its outbox, in order, to JetStream; the hub consumes it.
 *
 * Index events travel on `cp.v1.hub.<LA>.index`, inside the LA's own publish permission
 * (`cp.v1.hub.<LA>.>`), so an LA cannot publish another LA's index events; the hub also checks the
 * signed envelope's sender against the LA in the subject.
 */
export const INDEX_OPERATION = 'index';
export const INDEX_RESYNC_OPERATION = 'index-resync';

/**
 * Each LA's index events have a stream of their own in the hub's account (`CP_INDEX_<LA>`), so JetStream's
 * duplicate window, the stream limits and the hub's consumer are that LA's alone: one LA can neither
 * make the server drop another's event as a duplicate, fill another's stream nor hold up its consumer.
 */
export const INDEX_STREAM_PREFIX = 'CP_INDEX_';
export const INDEX_CONSUMER = 'hub-locator-index';

/** The stream of one LA's index events. */
export function indexStreamOf(laCode: string): string {
  return `${INDEX_STREAM_PREFIX}${laCode}`;
}

export const INDEX_MESSAGE_TYPES = {
  event: 'index-event',
  resyncRequest: 'index-resync-request',
  resyncAccepted: 'index-resync-accepted',
} as const;

/** The subject an LA publishes its index events on. */
export function indexEventSubject(laCode: string): string {
  return hubRequestSubject(laCode, INDEX_OPERATION);
}

/** The subject the hub asks an LA's node to resynchronise on (request-reply). */
export function indexResyncSubject(laCode: string): string {
  return laSubject(laCode, INDEX_RESYNC_OPERATION);
}

/** The JetStream message id of an outbox row: JetStream drops a second publish of it (dedupe window). */
export function indexMessageId(laCode: string, sequence: string): string {
  return `${laCode}:${sequence}`;
}

/**
 * What an outbox row says:
 *  - 'upsert': the child's entry now has these tokens, version and shielded flag;
 *  - 'delete': the child's entry is gone from this LA;
 *  - 'snapshot-begin' / 'snapshot-end': bracket a full resynchronisation; at the end the hub drops this
 *    LA's entries the snapshot did not mention;
 *  - 'heartbeat': no change; carries the highest sequence published so far, so the hub notices a lost
 *    last event (heartbeats are not outbox rows and have no sequence of their own).
 */
export const INDEX_OPERATIONS = ['upsert', 'delete', 'snapshot-begin', 'snapshot-end', 'heartbeat'] as const;
export type IndexOperation = (typeof INDEX_OPERATIONS)[number];

/** Token kinds as the hub stores them (smallint), in the order of @cp/locator's LocatorTokenKind. */
export const TOKEN_KIND_CODES = { 'name-year': 0, nhs: 1, upn: 2 } as const;

/**
 * The body of a signed index event. The sender (LA) comes from the verified certificate, never from here.
 * Tokens are keyed one-way encodings made at the node: no name, date, postcode or identifier.
 */
export interface IndexEventBody {
  [key: string]: string | number | boolean | null | { kind: string; value: string }[];
  /** The node's outbox sequence (bigint, decimal); for a heartbeat, the highest published so far. */
  sequence: string;
  operation: IndexOperation;
  /** Null for snapshot markers and heartbeats. */
  childId: string | null;
  /** The record's version; 0 for markers. */
  version: number;
  shielded: boolean;
  tokens: { kind: string; value: string }[];
  /** When the change was written at the node (ISO time): the hub measures its lag from it. */
  createdAt: string;
  /** For snapshot rows, the sequence of their 'snapshot-begin' row. */
  snapshot: string | null;
}

export interface IndexResyncRequestBody {
  [key: string]: string;
  reason: 'gap' | 'operator' | 'first-contact';
  /** The last sequence the hub applied from this LA ('0' for none). */
  lastAppliedSequence: string;
}

export interface IndexResyncAcceptedBody {
  [key: string]: string;
  /** The sequence of the snapshot-begin row the node enqueued. */
  snapshotSequence: string;
  entries: string;
}
