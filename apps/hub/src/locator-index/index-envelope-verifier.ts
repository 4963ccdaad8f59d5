import { Injectable } from '@nestjs/common';
import {
  EnvelopeRejectedError,
  HUB_SENDER,
  ReplayCache,
  verifyEnvelope,
  type SignedEnvelope,
  type TrustedSender,
} from '@cp/pki';
import { INDEX_MESSAGE_TYPES } from '@cp/contract';
import { receivedMessage, type LoggedMessage } from '@cp/message-log';
import { CertificateRegistryService } from '../trust/certificates/certificate-registry.service';

/** How old a signed index event may be: events wait in JetStream while the hub is down. */
export const INDEX_EVENT_MAX_AGE_MS = 8 * 24 * 60 * 60 * 1000;
/** Trust decisions are cached this long, well inside the 30 s revocation target. */
const TRUST_CACHE_MS = 5_000;

/**
 * Verifies the signed envelope of an index event (or a node's answer to a resync request): certificate
 * issued by our CA to the LA named in the subject, unrevoked, in date; signature good.
 * Replays are not refused here but by the feed's sequence check, which also makes redelivery harmless.
 */
@Injectable()
export class IndexEnvelopeVerifier {
  private readonly trusted = new Map<string, { value: TrustedSender | undefined; until: number }>();

  constructor(private readonly registry: CertificateRegistryService) {}

  /**
   * Index events verified and not yet applied, as signed, by LA and event: the apply service keeps each in
   * the message log in the transaction that applies it (one LA's events are applied one at a time).
   */
  private readonly verifiedEvents = new Map<string, LoggedMessage>();

  async verify(expectedLa: string, payload: unknown, type: string): Promise<SignedEnvelope> {
    return (await this.verifyWithSigner(expectedLa, payload, type)).envelope;
  }

  /** As verify, also naming the certificate that signed it (for the message log). */
  async verifyWithSigner(
    expectedLa: string,
    payload: unknown,
    type: string,
  ): Promise<{ envelope: SignedEnvelope; certificatePem: string }> {
    let certificatePem = '';
    const envelope = await verifyEnvelope(payload, {
      lookup: async (fingerprint) => {
        const trusted = await this.trustedSender(fingerprint);
        certificatePem = trusted?.certificatePem ?? '';
        return trusted;
      },
      recipient: HUB_SENDER,
      type,
      // A fresh cache each time: nonces are not the replay defence for a stored, ordered feed.
      replayCache: new ReplayCache(INDEX_EVENT_MAX_AGE_MS),
      freshnessMs: INDEX_EVENT_MAX_AGE_MS,
    });
    if (envelope.sender !== expectedLa)
      throw new EnvelopeRejectedError('sender-mismatch', `sent on ${expectedLa}'s subject`);
    if (type === INDEX_MESSAGE_TYPES.event) {
      const body = envelope.body as { sequence?: unknown; operation?: unknown; createdAt?: unknown } | null;
      if (this.verifiedEvents.size > 10_000) this.verifiedEvents.clear();
      this.verifiedEvents.set(
        eventKey(expectedLa, body?.operation, body?.sequence, Date.parse(String(body?.createdAt))),
        receivedMessage(envelope, certificatePem),
      );
    }
    return { envelope, certificatePem };
  }

  /** The event verify() verified for this LA, as signed (once). */
  takeVerifiedEvent(
    laCode: string,
    event: { operation: string; sequence: bigint; createdAt: Date },
  ): LoggedMessage | undefined {
    const key = eventKey(laCode, event.operation, String(event.sequence), event.createdAt.getTime());
    const found = this.verifiedEvents.get(key);
    this.verifiedEvents.delete(key);
    return found;
  }

  private async trustedSender(fingerprint: string): Promise<TrustedSender | undefined> {
    const now = Date.now();
    const cached = this.trusted.get(fingerprint);
    if (cached && cached.until > now) return cached.value;
    const value = await this.registry.trustedSender(fingerprint);
    if (this.trusted.size > 10_000) this.trusted.clear();
    this.trusted.set(fingerprint, { value, until: now + TRUST_CACHE_MS });
    return value;
  }
}

function eventKey(laCode: string, operation: unknown, sequence: unknown, createdAt: number): string {
  return [laCode, String(operation), String(sequence), String(createdAt)].join('\u0000');
}
