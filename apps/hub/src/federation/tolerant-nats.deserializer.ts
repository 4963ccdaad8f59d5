import { Logger } from '@nestjs/common';
import type { ConsumerDeserializer, IncomingEvent, IncomingRequest } from '@nestjs/microservices';
import { NatsRequestJSONDeserializer } from '@nestjs/microservices/deserializers';

/**
 * Nest's NATS request deserializer, except that a message that is not JSON does not throw out of the
 * transport's message handler (there the rejection is unhandled, and ends the process: one LA could stop
 * the hub with a few bytes on its own ping subject). It is logged by subject (never its content) and
 * handed on without an id, as an event with no data: the handler refuses it as malformed and nobody is
 * answered. Found by the bus fuzz suite (test/fuzz/bus.fuzz.e2e-spec.ts).
 */
export class TolerantNatsDeserializer implements ConsumerDeserializer {
  private readonly logger = new Logger('FederationTransport');
  private readonly json = new NatsRequestJSONDeserializer();

  deserialize(value: unknown, options?: Record<string, unknown>): IncomingRequest | IncomingEvent {
    try {
      return this.json.deserialize(value as Uint8Array, options);
    } catch {
      const channel = typeof options?.channel === 'string' ? options.channel : 'unknown';
      this.logger.warn(`Refused a message on ${channel}: not JSON`);
      return { pattern: channel, data: undefined };
    }
  }
}
