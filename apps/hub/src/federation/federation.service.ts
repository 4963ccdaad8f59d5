import { Injectable } from '@nestjs/common';
import { MESSAGE_TYPES, laCodeOfHubSubject, type PongBody, type RenewResponseBody } from '@cp/contract';
import { DomainError } from '@cp/errors';
import type { JsonValue, SignedEnvelope } from '@cp/pki';
import { CaService } from '../trust/ca/ca.service';
import { CaCertificateSource } from '../trust/certificates/ca-certificate.source';
import { FederationMessagesService, MessageRefusedError } from './federation-messages.service';

/** The hub's federation requests: every answer, refusals included, is a signed envelope. */
@Injectable()
export class FederationService {
  constructor(
    private readonly messages: FederationMessagesService,
    private readonly ca: CaService,
    private readonly source: CaCertificateSource,
  ) {}

  async answer(subject: string, payload: unknown, type: string): Promise<SignedEnvelope> {
    const replyTo = laCodeOfHubSubject(subject) ?? 'unknown';
    try {
      const envelope = await this.messages.receive(subject, payload, type);
      const [responseType, body] = await this.handle(envelope);
      return await this.messages.sign(envelope.sender, responseType, body);
    } catch (error) {
      if (error instanceof MessageRefusedError || error instanceof DomainError) {
        const reason = error instanceof MessageRefusedError ? error.reason : error.kind;
        return this.messages.sign(replyTo, MESSAGE_TYPES.refusal, { reason, message: error.message });
      }
      throw error;
    }
  }

  private async handle(envelope: SignedEnvelope): Promise<[string, JsonValue]> {
    switch (envelope.type) {
      case MESSAGE_TYPES.ping: {
        const pong: PongBody = { laCode: envelope.sender, receivedAt: new Date().toISOString() };
        return [MESSAGE_TYPES.pong, pong];
      }
      case MESSAGE_TYPES.renewRequest: {
        const body = envelope.body as { csrPem?: unknown };
        const csrPem = typeof body?.csrPem === 'string' ? body.csrPem : '';
        // Renewal is authenticated by the current certificate's signature on this envelope.
        const issued = await this.ca.issueForLa(envelope.sender, csrPem);
        const response: RenewResponseBody = {
          certificatePem: issued.certificatePem,
          caCertificatePem: this.source.certificatePem(),
          hubCertificatePem: this.source.hubCertificatePem(),
          serial: issued.serial,
        };
        return [MESSAGE_TYPES.renewResponse, response];
      }
      default:
        throw new MessageRefusedError('wrong-type', `No handler for ${envelope.type}`);
    }
  }
}
