import { randomBytes, randomUUID } from 'node:crypto';
import { hubRequestSubject, laSubject } from '@cp/contract';
import { HUB_SENDER } from '@cp/pki';
import type { SubjectUnderFuzz } from './bus-messages';

/*
 * The subjects the bus fuzz suite sends on. SENDER_LA is the LA the messages come from (they may only go
 * to its own cp.v1.hub.<LA>.> subjects); LA is the LA whose node runs.
 */

export const now = (): string => new Date().toISOString();

/** Every subject the hub listens on for one LA, with a body of the right shape for each. */
export function hubSubjects(
  SENDER_LA: string,
  LA: string,
): (SubjectUnderFuzz & { kind: 'request' | 'stream' })[] {
  const on = (operation: string) => hubRequestSubject(SENDER_LA, operation);
  const common = { recipient: HUB_SENDER };
  return [
    {
      ...common,
      kind: 'request',
      framing: 'nest',
      subject: on('ping'),
      type: 'ping',
      sample: { sentAt: now() },
    },
    {
      ...common,
      kind: 'request',
      framing: 'nest',
      subject: on('renew'),
      type: 'renew-request',
      sample: { csrPem: '-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----' },
    },
    {
      ...common,
      kind: 'request',
      subject: on('search-route'),
      type: 'search-route-request',
      sample: {
        v: 1,
        correlationId: randomUUID(),
        tokens: [{ kind: 'nhs', value: randomBytes(16).toString('hex'), group: 0 }],
      },
    },
    {
      ...common,
      kind: 'request',
      subject: on('search-forward'),
      type: 'search-forward-request',
      sample: { routeId: randomUUID(), queries: [{ laCode: LA, envelope: { v: 1 } }] },
    },
    {
      ...common,
      kind: 'stream',
      subject: on('index'),
      type: 'index-event',
      sample: {
        sequence: '1',
        operation: 'heartbeat',
        childId: null,
        version: 0,
        shielded: false,
        tokens: [],
        createdAt: now(),
        snapshot: null,
      },
    },
    {
      ...common,
      kind: 'stream',
      subject: on('handover'),
      type: 'handover-step',
      sample: {
        v: 1,
        kind: 'cancel',
        handoverId: randomUUID(),
        childId: randomUUID(),
        fromLa: SENDER_LA,
        toLa: LA,
        correlationId: randomUUID(),
        endReason: 'started-in-error',
      },
    },
  ];
}

/** Every subject a node listens on (only the hub may send there), with a body of the right shape for each. */
export function nodeSubjects(LA: string, SENDER_LA: string): SubjectUnderFuzz[] {
  const common = { recipient: LA };
  const ids = { handoverId: randomUUID(), childId: randomUUID(), correlationId: randomUUID() };
  return [
    {
      ...common,
      subject: laSubject(LA, 'handover'),
      type: 'handover-delivery',
      sample: {
        v: 1,
        deliveryId: randomUUID(),
        kind: 'ended',
        ...ids,
        fromLa: SENDER_LA,
        toLa: LA,
        initiatedBy: 'sender',
        reasonCode: 'family-moved',
        state: 'aborted',
        endReason: 'operator-abort',
      },
    },
    {
      ...common,
      subject: laSubject(LA, 'search'),
      type: 'search-query',
      sample: {
        senderCertificatePem: 'x',
        bundle: { v: 1 },
        sealed: { recipientFingerprint: 'x', wrappedKey: 'x', iv: 'x', ciphertext: 'x', tag: 'x' },
      },
    },
    {
      ...common,
      subject: laSubject(LA, 'index-resync'),
      type: 'index-resync-request',
      sample: { reason: 'operator', lastAppliedSequence: '0' },
    },
  ];
}
