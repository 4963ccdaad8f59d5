import { Controller } from '@nestjs/common';
import { Ctx, MessagePattern, NatsContext, Payload } from '@nestjs/microservices';
import { HUB_OPERATIONS, hubRequestPattern, MESSAGE_TYPES } from '@cp/contract';
import type { SignedEnvelope } from '@cp/pki';
import { FederationService } from './federation.service';

/** NATS adapters: each hands the raw payload and the subject to the service, which trusts neither. */
@Controller()
export class FederationController {
  constructor(private readonly federation: FederationService) {}

  @MessagePattern(hubRequestPattern(HUB_OPERATIONS.ping))
  ping(@Payload() payload: unknown, @Ctx() context: NatsContext): Promise<SignedEnvelope> {
    return this.federation.answer(context.getSubject(), payload, MESSAGE_TYPES.ping);
  }

  @MessagePattern(hubRequestPattern(HUB_OPERATIONS.renew))
  renew(@Payload() payload: unknown, @Ctx() context: NatsContext): Promise<SignedEnvelope> {
    return this.federation.answer(context.getSubject(), payload, MESSAGE_TYPES.renewRequest);
  }
}
