import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { signEnvelope, type JsonValue, type SignedEnvelope, type SigningIdentity } from '@cp/pki';
import { mutatedBody, RAW_BODIES, validValue } from './openapi-arbitraries';
import type { Schema } from './openapi-operations';

/**
 * fast-check arbitraries for bad federation messages on one subject: bytes that are no envelope at all,
 * envelopes that are unsigned, tampered, stale, for another recipient or type, claiming another sender,
 * oversized, or properly signed around a malformed body. Replays are sent by the suite itself (the
 * same bytes twice).
 */
export interface SubjectUnderFuzz {
  subject: string;
  /** The envelope type the receiver expects on it, and a body of the right shape. */
  type: string;
  recipient: string;
  sample: JsonValue;
  /**
   * 'nest': the receiver is a NestJS message pattern (the hub's ping and renew), whose packets are
   * `{ pattern, data, id }`: each message is sent inside one, besides raw bytes.
   */
  framing?: 'nest';
}

export interface BusMessage {
  data: Uint8Array;
  variant: string;
  /** True when the envelope itself is bad (not only its body): no receiver may answer it as good. */
  envelopeBad: boolean;
}

/** A schema of a sample value's shape, so the HTTP generators can make variants and malformed copies of it. */
export function schemaOf(sample: unknown): Schema {
  if (Array.isArray(sample)) return { type: 'array', items: schemaOf(sample[0] ?? '') };
  if (sample === null) return { type: 'string', nullable: true };
  switch (typeof sample) {
    case 'string':
      return { type: 'string', example: sample };
    case 'number':
      return { type: 'integer', example: sample };
    case 'boolean':
      return { type: 'boolean' };
    case 'object': {
      const entries = Object.entries(sample);
      return {
        type: 'object',
        properties: Object.fromEntries(entries.map(([key, value]) => [key, schemaOf(value)])),
        required: entries.map(([key]) => key),
      };
    }
    default:
      return { type: 'string' };
  }
}

const encode = (value: unknown): Uint8Array =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value));

const ENVELOPE_FAULTS = [
  'unsigned',
  'bad-signature',
  'tampered-body',
  'stale',
  'future',
  'wrong-recipient',
  'wrong-type',
  'other-sender',
  'field-wrong-type',
  'oversized',
] as const;

function faulty(
  identity: SigningIdentity,
  target: SubjectUnderFuzz,
  fault: (typeof ENVELOPE_FAULTS)[number],
  body: JsonValue,
): unknown {
  const sign = (message: { recipient?: string; type?: string; body?: JsonValue }, now = Date.now()) =>
    signEnvelope(
      identity,
      {
        recipient: message.recipient ?? target.recipient,
        type: message.type ?? target.type,
        body: message.body ?? body,
      },
      now,
    ) as SignedEnvelope & Record<string, unknown>;
  switch (fault) {
    case 'unsigned': {
      const { signature: _signature, ...rest } = sign({});
      return rest;
    }
    case 'bad-signature':
      return { ...sign({}), signature: Buffer.from(randomUUID()).toString('base64') };
    case 'tampered-body':
      return { ...sign({}), body: { ...(body as Record<string, JsonValue>), tampered: true } };
    case 'stale':
      return sign({}, Date.now() - 60 * 60_000);
    case 'future':
      return sign({}, Date.now() + 60 * 60_000);
    case 'wrong-recipient':
      return sign({ recipient: 'E06000001' });
    case 'wrong-type':
      return sign({ type: 'ping' === target.type ? 'renew-request' : 'ping' });
    case 'other-sender':
      return { ...sign({}), sender: 'E06000001' };
    case 'field-wrong-type':
      return { ...sign({}), timestamp: String(Date.now()), nonce: 12 };
    case 'oversized':
      return sign({ body: { ...(body as Record<string, JsonValue>), padding: 'x'.repeat(900_000) } });
  }
}

/** Bad messages for one subject, signed (where they are signed at all) with the sender's real key. */
export function badMessages(identity: SigningIdentity, target: SubjectUnderFuzz): fc.Arbitrary<BusMessage> {
  const messages = unframedBadMessages(identity, target);
  if (target.framing !== 'nest') return messages;
  return fc
    .tuple(messages, fc.boolean())
    .map(([message, raw]) =>
      raw
        ? { ...message, variant: `${message.variant}, no packet` }
        : { ...message, data: framed(target, message.data) },
    );
}

function unframedBadMessages(identity: SigningIdentity, target: SubjectUnderFuzz): fc.Arbitrary<BusMessage> {
  const schema = schemaOf(target.sample);
  const bodies = validValue(schema) as fc.Arbitrary<JsonValue>;
  return fc.oneof(
    fc.uint8Array({ maxLength: 512 }).map((data) => ({ data, variant: 'random bytes', envelopeBad: true })),
    fc
      .constantFrom(...RAW_BODIES)
      .map((raw) => ({ data: encode(raw.text), variant: `raw: ${raw.variant}`, envelopeBad: true })),
    fc.tuple(fc.constantFrom(...ENVELOPE_FAULTS), bodies).map(([fault, body]) => ({
      data: encode(faulty(identity, target, fault, body)),
      variant: `envelope ${fault}`,
      // A 900 KB message is properly signed and under the bus's limit: it may be answered, but must not
      // stop or hold up its receiver.
      envelopeBad: fault !== 'oversized',
    })),
    mutatedBody(schema, () => undefined).map((body) => {
      let parsed: JsonValue;
      try {
        parsed = JSON.parse(body.text) as JsonValue;
      } catch {
        parsed = body.text;
      }
      const envelope = signEnvelope(identity, {
        recipient: target.recipient,
        type: target.type,
        body: parsed,
      });
      return { data: encode(envelope), variant: `signed, body ${body.variant}`, envelopeBad: false };
    }),
  );
}

/** A properly signed message with a body of the right shape (for replays and probes), framed for the subject. */
export function signedMessage(
  identity: SigningIdentity,
  target: SubjectUnderFuzz,
  body: JsonValue = target.sample,
): Uint8Array {
  return framed(
    target,
    encode(signEnvelope(identity, { recipient: target.recipient, type: target.type, body })),
  );
}

/** The message as the subject's receiver reads it: inside a NestJS packet where it expects one. */
export function framed(target: SubjectUnderFuzz, data: Uint8Array): Uint8Array {
  if (target.framing !== 'nest') return data;
  const text = Buffer.from(data).toString('utf8');
  let inner: unknown;
  try {
    inner = JSON.parse(text);
  } catch {
    inner = text;
  }
  return encode({ pattern: target.subject, data: inner, id: randomUUID() });
}

/** The envelope type of a reply (inside a NestJS response packet or not), when it is one. */
export function replyType(data: Uint8Array): string | undefined {
  try {
    const parsed = JSON.parse(Buffer.from(data).toString('utf8')) as {
      type?: unknown;
      response?: { type?: unknown };
    };
    const type = parsed?.response?.type ?? parsed?.type;
    return typeof type === 'string' ? type : undefined;
  } catch {
    return undefined;
  }
}
