import { Injectable } from '@nestjs/common';
import {
  EnvelopeRejectedError,
  HUB_SENDER,
  ReplayCache,
  verifyEnvelope,
  type SignedEnvelope,
  type TrustedSender,
} from '@cp/pki';
import { CertificateRegistryService } from '../certificates/certificate-registry.service';

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

  async verify(expectedLa: string, payload: unknown, type: string): Promise<SignedEnvelope> {
    const envelope = await verifyEnvelope(payload, {
      lookup: (fingerprint) => this.trustedSender(fingerprint),
      recipient: HUB_SENDER,
      type,
      // A fresh cache each time: nonces are not the replay defence for a stored, ordered feed.
      replayCache: new ReplayCache(INDEX_EVENT_MAX_AGE_MS),
      freshnessMs: INDEX_EVENT_MAX_AGE_MS,
    });
    if (envelope.sender !== expectedLa)
      throw new EnvelopeRejectedError('sender-mismatch', `sent on ${expectedLa}'s subject`);
    return envelope;
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
