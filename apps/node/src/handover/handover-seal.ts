import {
  HANDOVER_MESSAGE_TYPES,
  type HandoverDeliveryBody,
  type HandoverReceipt,
  type SealedBody,
  type SealedHandoverPackage,
} from '@cp/contract';
import { open, seal } from '@cp/locator';
import {
  certificateFingerprint,
  DEFAULT_FRESHNESS_MS,
  EnvelopeRejectedError,
  HUB_SENDER,
  pinnedSender,
  ReplayCache,
  signEnvelope,
  verifyEnvelope,
  type JsonValue,
  type SignedEnvelope,
} from '@cp/pki';
import { PeerCertificateError, verifyPeerCertificate } from '../federation/peer-certificates';
import { signingIdentity } from '../federation/sealed-envelopes';
import type { FederationCredentials } from '../federation/certificate-store';

/** A package or receipt may wait this long (a party down) and still be believed. */
const HANDOVER_MESSAGE_MAX_AGE_MS = 7 * 24 * 60 * 60 * 1000;

export class HandoverMessageError extends Error {
  constructor(readonly reason: string) {
    super(`Handover message refused: ${reason}`);
    this.name = 'HandoverMessageError';
  }
}

/** A seals the record for B's certificate (checked: our CA, names B) and signs the sealed box. */
export function sealPackage(
  pkg: SealedHandoverPackage,
  receiver: { laCode: string; certificatePem: string },
  me: FederationCredentials,
): SignedEnvelope<SealedBody> {
  let peer;
  try {
    peer = verifyPeerCertificate(receiver.certificatePem, receiver.laCode, me.caCertificatePem);
  } catch (error) {
    if (error instanceof PeerCertificateError) throw new HandoverMessageError(`certificate-${error.reason}`);
    throw error;
  }
  const sealed = seal(Buffer.from(JSON.stringify(pkg)), peer.certificatePem, peer.fingerprint);
  return signEnvelope(signingIdentity(me), {
    recipient: receiver.laCode,
    type: HANDOVER_MESSAGE_TYPES.package,
    body: { ...sealed },
  });
}

/** Checks a message another LA signed, against the certificate the hub relayed (ours CA, names that LA). */
async function verifyFromPeer(
  envelope: unknown,
  peerCertificatePem: unknown,
  peerLa: string,
  type: string,
  me: FederationCredentials,
): Promise<SignedEnvelope> {
  if (typeof peerCertificatePem !== 'string') throw new HandoverMessageError('no-certificate');
  try {
    const peer = verifyPeerCertificate(peerCertificatePem, peerLa, me.caCertificatePem);
    return await verifyEnvelope(envelope, {
      lookup: pinnedSender({
        sender: peerLa,
        certificatePem: peer.certificatePem,
        fingerprint: peer.fingerprint,
      }),
      recipient: me.laCode,
      type,
      // Idempotent by handover and step, not by nonce: a redelivered message is expected.
      replayCache: new ReplayCache(HANDOVER_MESSAGE_MAX_AGE_MS),
      freshnessMs: HANDOVER_MESSAGE_MAX_AGE_MS,
    });
  } catch (error) {
    if (error instanceof PeerCertificateError) throw new HandoverMessageError(`certificate-${error.reason}`);
    if (error instanceof EnvelopeRejectedError) throw new HandoverMessageError(error.reason);
    throw error;
  }
}

/** B opens A's package: signed by A (identity from A's certificate), sealed for B's current certificate. */
export async function openPackage(
  delivery: HandoverDeliveryBody,
  me: FederationCredentials,
  verified?: (envelope: SignedEnvelope) => void,
): Promise<SealedHandoverPackage> {
  const envelope = await verifyFromPeer(
    delivery.package,
    delivery.peerCertificatePem,
    delivery.fromLa,
    HANDOVER_MESSAGE_TYPES.package,
    me,
  );
  verified?.(envelope);
  const body = envelope.body as Partial<SealedBody> | null;
  if (body?.recipientFingerprint !== me.certificate.fingerprint)
    throw new HandoverMessageError('sealed-for-another-certificate');
  try {
    return JSON.parse(open(body as SealedBody, me.privateKeyPem).toString('utf8')) as SealedHandoverPackage;
  } catch {
    throw new HandoverMessageError('unreadable');
  }
}

export function signReceipt(receipt: HandoverReceipt, me: FederationCredentials): SignedEnvelope {
  return signEnvelope(signingIdentity(me), {
    recipient: receipt.fromLa,
    type: HANDOVER_MESSAGE_TYPES.receipt,
    body: receipt as unknown as JsonValue,
  });
}

/** A checks B's receipt: signed by B, for this handover. */
export async function openReceipt(
  delivery: HandoverDeliveryBody,
  me: FederationCredentials,
  verified?: (envelope: SignedEnvelope) => void,
): Promise<HandoverReceipt> {
  const envelope = await verifyFromPeer(
    delivery.receipt,
    delivery.peerCertificatePem,
    delivery.toLa,
    HANDOVER_MESSAGE_TYPES.receipt,
    me,
  );
  verified?.(envelope);
  const receipt = envelope.body as unknown as Partial<HandoverReceipt>;
  if (
    receipt.handoverId !== delivery.handoverId ||
    receipt.childId !== delivery.childId ||
    receipt.toLa !== delivery.toLa ||
    typeof receipt.toLaName !== 'string' ||
    typeof receipt.movedOn !== 'string' ||
    typeof receipt.contact !== 'object'
  )
    throw new HandoverMessageError('receipt-not-for-this-handover');
  return receipt as HandoverReceipt;
}

/** Each verified delivery's body -> the hub's envelope it came in, so the receiver can keep it as signed. */
const deliveryEnvelopes = new WeakMap<object, SignedEnvelope>();

/** The hub's signed envelope a delivery (as verifyDelivery returned it) came in. */
export function deliveryEnvelopeOf(delivery: HandoverDeliveryBody): SignedEnvelope | undefined {
  return deliveryEnvelopes.get(delivery);
}

/** A delivery from the hub: signed with the hub certificate received at enrolment, addressed to us. */
export async function verifyDelivery(
  raw: unknown,
  me: FederationCredentials,
  replayCache: ReplayCache,
): Promise<HandoverDeliveryBody> {
  const hubFingerprint = certificateFingerprint(me.hubCertificatePem);
  const envelope = await verifyEnvelope(raw, {
    lookup: pinnedSender({
      sender: HUB_SENDER,
      certificatePem: me.hubCertificatePem,
      fingerprint: hubFingerprint,
    }),
    recipient: me.laCode,
    type: HANDOVER_MESSAGE_TYPES.delivery,
    replayCache,
    freshnessMs: DEFAULT_FRESHNESS_MS,
  });
  const body = envelope.body as Partial<HandoverDeliveryBody> | null;
  if (!body || body.fromLa === undefined || body.toLa === undefined || typeof body.deliveryId !== 'string')
    throw new HandoverMessageError('malformed');
  if (body.fromLa !== me.laCode && body.toLa !== me.laCode)
    throw new HandoverMessageError('not-our-handover');
  deliveryEnvelopes.set(body, envelope);
  return body as HandoverDeliveryBody;
}
