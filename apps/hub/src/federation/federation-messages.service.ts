import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { laCodeOfHubSubject } from '@cp/contract';
import {
  certificateFingerprint,
  EnvelopeRejectedError,
  HUB_SENDER,
  ReplayCache,
  signEnvelope,
  verifyEnvelope,
  DEFAULT_FRESHNESS_MS,
  type JsonValue,
  type SignedEnvelope,
} from '@cp/pki';
import { receivedMessage, sentMessage } from '@cp/message-log';
import { CaCertificateSource } from '../trust/certificates/ca-certificate.source';
import { CertificateRegistryService } from '../trust/certificates/certificate-registry.service';
import { MessageLogService } from '../message-log/message-log.service';
import { FederationMessage } from './federation-message.entity';

/** A refused message: the reason is typed, the text names no person. */
export class MessageRefusedError extends Error {
  constructor(
    readonly reason: string,
    message: string,
  ) {
    super(message);
    this.name = 'MessageRefusedError';
  }
}

/**
 * Verifies signed messages reaching the hub and signs its answers, keeping both in the message log.
 * The sender is believed only when (a) nats-server let its certificate publish on that LA's subject and
 * (b) the envelope's certificate is the one our CA issued to that same LA, still valid and unrevoked.
 */
@Injectable()
export class FederationMessagesService {
  private readonly logger = new Logger(FederationMessagesService.name);
  // One hub process: nonces in memory. Several hub processes would share this in PostgreSQL or NATS KV.
  private readonly replayCache = new ReplayCache(DEFAULT_FRESHNESS_MS);

  constructor(
    private readonly registry: CertificateRegistryService,
    private readonly source: CaCertificateSource,
    @InjectRepository(FederationMessage) private readonly messages: Repository<FederationMessage>,
    private readonly log: MessageLogService,
  ) {}

  async receive(subject: string, payload: unknown, type: string): Promise<SignedEnvelope> {
    const subjectLa = laCodeOfHubSubject(subject) ?? 'unknown';
    let signerPem = '';
    try {
      const envelope = await verifyEnvelope(payload, {
        lookup: async (fingerprint) => {
          const trusted = await this.registry.trustedSender(fingerprint);
          signerPem = trusted?.certificatePem ?? '';
          return trusted;
        },
        recipient: HUB_SENDER,
        type,
        replayCache: this.replayCache,
      });
      if (envelope.sender !== subjectLa)
        throw new EnvelopeRejectedError('sender-mismatch', `sent on ${subjectLa}'s subject`);
      await this.log.write(undefined, [receivedMessage(envelope, signerPem)]);
      return envelope;
    } catch (error) {
      if (!(error instanceof EnvelopeRejectedError)) throw error;
      const claimed =
        typeof payload === 'object' && payload !== null ? (payload as Partial<SignedEnvelope>) : {};
      this.logger.warn(
        `Refused ${type} on subject of LA ${subjectLa}: ${error.reason} ` +
          `(claimed sender ${String(claimed.sender ?? '-')}, cert ${String(claimed.certFingerprint ?? '-').slice(0, 16)})`,
      );
      await this.recordRefused(`refused:${error.reason}`, claimed);
      throw new MessageRefusedError(error.reason, error.message);
    }
  }

  async sign<B extends JsonValue>(recipient: string, type: string, body: B): Promise<SignedEnvelope<B>> {
    const certificatePem = this.source.hubCertificatePem();
    const envelope = signEnvelope(
      {
        sender: HUB_SENDER,
        certFingerprint: certificateFingerprint(certificatePem),
        privateKeyPem: this.source.hubPrivateKeyPem(),
      },
      { recipient, type, body },
    );
    await this.log.write(undefined, [sentMessage(envelope, certificatePem)]);
    return envelope;
  }

  /** A refused message: ids and the reason only (it is not believed to be anyone's). */
  private async recordRefused(outcome: string, fields: Partial<SignedEnvelope>): Promise<void> {
    const text = (value: unknown): string => (typeof value === 'string' ? value.slice(0, 100) : '-');
    await this.messages.insert({
      direction: 'received',
      outcome,
      sender: text(fields.sender),
      recipient: text(fields.recipient),
      type: text(fields.type),
      nonce: text(fields.nonce),
      certFingerprint: text(fields.certFingerprint),
      loggedAt: new Date(),
      envelope: null,
    });
  }
}
