import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { laCodeOfHubSubject } from '@cp/contract';
import {
  DEFAULT_FRESHNESS_MS,
  EnvelopeRejectedError,
  HUB_SENDER,
  ReplayCache,
  signEnvelope,
  verifyEnvelope,
  type JsonValue,
  type SignedEnvelope,
  type SigningIdentity,
} from '@cp/pki';
import { CaCertificateSource } from '../certificates/ca-certificate.source';
import { CertificateRegistryService } from '../certificates/certificate-registry.service';

/** How old a node's step may be when the hub reads it: steps wait in JetStream while the hub is down. */
export const HANDOVER_STEP_MAX_AGE_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * Trust for handovers at the hub: a node's step must be signed by a registered, unrevoked certificate of
 * the LA whose subject it came on; the hub signs what it delivers. Steps are idempotent by (handover,
 * kind, LA), so a redelivered step is harmless and nonces are not the replay defence here.
 */
@Injectable()
export class HandoverTrustService {
  private identity?: SigningIdentity;
  private readonly ackReplays = new ReplayCache(DEFAULT_FRESHNESS_MS);

  constructor(
    private readonly registry: CertificateRegistryService,
    private readonly source: CaCertificateSource,
    private readonly dataSource: DataSource,
  ) {}

  async verifyStep(
    subject: string,
    payload: unknown,
    type: string,
  ): Promise<{ laCode: string; envelope: SignedEnvelope }> {
    const laCode = laCodeOfHubSubject(subject) ?? 'unknown';
    const envelope = await verifyEnvelope(payload, {
      lookup: (fingerprint) => this.registry.trustedSender(fingerprint),
      recipient: HUB_SENDER,
      type,
      replayCache: new ReplayCache(HANDOVER_STEP_MAX_AGE_MS),
      freshnessMs: HANDOVER_STEP_MAX_AGE_MS,
    });
    if (envelope.sender !== laCode)
      throw new EnvelopeRejectedError('sender-mismatch', `sent on ${laCode}'s subject`);
    return { laCode, envelope };
  }

  /** A node's signed acknowledgement of a delivery, fresh and from the LA it was sent to. */
  async verifyAck(laCode: string, payload: unknown, type: string): Promise<SignedEnvelope> {
    const envelope = await verifyEnvelope(payload, {
      lookup: (fingerprint) => this.registry.trustedSender(fingerprint),
      recipient: HUB_SENDER,
      type,
      replayCache: this.ackReplays,
    });
    if (envelope.sender !== laCode)
      throw new EnvelopeRejectedError('sender-mismatch', 'answered by another LA');
    return envelope;
  }

  sign<B extends JsonValue>(recipient: string, type: string, body: B): SignedEnvelope<B> {
    this.identity ??= this.source.hubSigningIdentity();
    return signEnvelope(this.identity, { recipient, type, body });
  }

  /** The registered, usable certificate of `laCode` with this fingerprint, if any. */
  async certificateOf(laCode: string, fingerprint: unknown): Promise<string | undefined> {
    if (typeof fingerprint !== 'string') return undefined;
    const trusted = await this.registry.trustedSender(fingerprint);
    if (!trusted || trusted.unusableBecause || trusted.sender !== laCode) return undefined;
    return trusted.certificatePem;
  }

  /** The LA's newest in-date, unrevoked certificate: what A seals the record for. */
  async currentCertificate(laCode: string): Promise<string | undefined> {
    const [row] = await this.dataSource.query<{ certificate_pem: string }[]>(
      `SELECT certificate_pem FROM issued_certificate c
        WHERE subject = $1 AND not_before <= now() AND not_after > now()
          AND NOT EXISTS (SELECT 1 FROM certificate_revocation r WHERE r.serial = c.serial)
        ORDER BY sequence DESC LIMIT 1`,
      [laCode],
    );
    return row?.certificate_pem;
  }
}
