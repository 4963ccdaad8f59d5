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
import { receivedMessage, type LoggedMessage } from '@cp/message-log';
import { CaCertificateSource } from '../trust/certificates/ca-certificate.source';
import { CertificateRegistryService } from '../trust/certificates/certificate-registry.service';

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
  private hubPem?: string;
  private readonly ackReplays = new ReplayCache(DEFAULT_FRESHNESS_MS);
  /**
   * Steps verified and not yet applied, as signed, by LA, handover and kind: the coordinator keeps each in
   * its message log in the transaction that applies it. Steps of one LA are applied one at a time.
   */
  private readonly verifiedSteps = new Map<string, LoggedMessage>();

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
    let signerPem = '';
    const envelope = await verifyEnvelope(payload, {
      lookup: async (fingerprint) => {
        const trusted = await this.registry.trustedSender(fingerprint);
        signerPem = trusted?.certificatePem ?? '';
        return trusted;
      },
      recipient: HUB_SENDER,
      type,
      replayCache: new ReplayCache(HANDOVER_STEP_MAX_AGE_MS),
      freshnessMs: HANDOVER_STEP_MAX_AGE_MS,
    });
    if (envelope.sender !== laCode)
      throw new EnvelopeRejectedError('sender-mismatch', `sent on ${laCode}'s subject`);
    const step = envelope.body as { handoverId?: unknown; kind?: unknown } | null;
    if (this.verifiedSteps.size > 10_000) this.verifiedSteps.clear();
    this.verifiedSteps.set(
      stepKey(laCode, step?.handoverId, step?.kind),
      receivedMessage(
        envelope,
        signerPem,
        typeof step?.handoverId === 'string' ? step.handoverId : undefined,
      ),
    );
    return { laCode, envelope };
  }

  /** The step verifyStep verified for this LA, handover and kind, as signed (once). */
  takeVerifiedStep(laCode: string, handoverId: string, kind: string): LoggedMessage | undefined {
    const key = stepKey(laCode, handoverId, kind);
    const found = this.verifiedSteps.get(key);
    this.verifiedSteps.delete(key);
    return found;
  }

  /** The hub's certificate (what its signatures are checked with), read once. */
  hubCertificatePem(): string {
    this.hubPem ??= this.source.hubCertificatePem();
    return this.hubPem;
  }

  /** A node's signed acknowledgement of a delivery, fresh and from the LA it was sent to. */
  async verifyAck(
    laCode: string,
    payload: unknown,
    type: string,
    signer?: (certificatePem: string) => void,
  ): Promise<SignedEnvelope> {
    const envelope = await verifyEnvelope(payload, {
      lookup: async (fingerprint) => {
        const trusted = await this.registry.trustedSender(fingerprint);
        signer?.(trusted?.certificatePem ?? '');
        return trusted;
      },
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

function stepKey(laCode: string, handoverId: unknown, kind: unknown): string {
  return `${laCode}\u0000${String(handoverId)}\u0000${String(kind)}`;
}
