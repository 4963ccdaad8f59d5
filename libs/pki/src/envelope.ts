import {
  constants,
  createPrivateKey,
  createPublicKey,
  randomBytes,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';
import { canonicalJson, type JsonValue } from '@cp/canonical-json';
import { keyAlgorithmOf } from './keys';
import { ReplayCache } from './replay-cache';

export const ENVELOPE_VERSION = 1;
export const DEFAULT_FRESHNESS_MS = 60_000;

/**
 * A signed federation message. The signature covers the canonical JSON of every other field, so sender,
 * recipient, type, time, nonce and body are all bound to it. Its algorithm follows the signer's key:
 * RSA-PSS (SHA-256, 32-byte salt) for an RSA key, ECDSA P-256 with SHA-256 for an EC key (the signature as
 * IEEE P1363 r||s, 64 bytes, base64). The envelope names no algorithm: the receiver verifies with the
 * algorithm of the registered certificate's key, so a message cannot choose how it is checked (no downgrade,
 * no confusion), and envelopes keep version 1 whichever kind signed them.
 */
export interface SignedEnvelope<B extends JsonValue = JsonValue> {
  v: number;
  /** LA code or 'hub': a claim, believed only when the certificate below is registered for it. */
  sender: string;
  recipient: string;
  /** What the message is (e.g. 'ping'), so a signed message cannot be replayed as another kind. */
  type: string;
  certFingerprint: string;
  /** Milliseconds since the epoch at signing. */
  timestamp: number;
  nonce: string;
  body: B;
  signature: string;
}

export interface SigningIdentity {
  sender: string;
  certFingerprint: string;
  privateKeyPem: string;
}

const PSS = { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 };
const ECDSA = { dsaEncoding: 'ieee-p1363' as const };

/** The signature options for a key: chosen by the key (its certificate's, on receipt), never by a message. */
function signatureOptions(key: KeyObject): typeof PSS | typeof ECDSA {
  return keyAlgorithmOf(key) === 'rsa' ? PSS : ECDSA;
}

/**
 * Parsing a PEM key costs more than using it (an RSA-2048 private key: about 2 ms to parse, 1 ms to sign):
 * parsed keys are kept (up to PARSED_KEY_LIMIT) by their PEM text.
 */
const PARSED_KEY_LIMIT = 2048;
const parsedKeys = new Map<string, KeyObject>();
function parsedKey(pem: string, kind: 'private' | 'public'): KeyObject {
  const cacheKey = `${kind}\u0000${pem}`;
  let key = parsedKeys.get(cacheKey);
  if (!key) {
    // Bounded, oldest first out: one party holds its own key and up to every LA's certificate (150 and
    // more), so a small cache cleared when full would parse keys again on most messages.
    if (parsedKeys.size >= PARSED_KEY_LIMIT) parsedKeys.delete(parsedKeys.keys().next().value as string);
    key = kind === 'private' ? createPrivateKey(pem) : createPublicKey(pem);
    parsedKeys.set(cacheKey, key);
  }
  return key;
}

function signedBytes(envelope: Omit<SignedEnvelope, 'signature'>): Buffer {
  const { v, sender, recipient, type, certFingerprint, timestamp, nonce, body } = envelope;
  return Buffer.from(canonicalJson({ v, sender, recipient, type, certFingerprint, timestamp, nonce, body }));
}

export function signEnvelope<B extends JsonValue>(
  identity: SigningIdentity,
  message: { recipient: string; type: string; body: B },
  now: number = Date.now(),
): SignedEnvelope<B> {
  const unsigned = {
    v: ENVELOPE_VERSION,
    sender: identity.sender,
    recipient: message.recipient,
    type: message.type,
    certFingerprint: identity.certFingerprint,
    timestamp: now,
    nonce: randomBytes(16).toString('base64url'),
    body: message.body,
  };
  const key = parsedKey(identity.privateKeyPem, 'private');
  const signature = sign('sha256', signedBytes(unsigned), { key, ...signatureOptions(key) }).toString(
    'base64',
  );
  return { ...unsigned, signature };
}

export type EnvelopeRejection =
  | 'malformed'
  | 'unknown-certificate'
  | 'sender-mismatch'
  | 'certificate-invalid'
  | 'wrong-recipient'
  | 'wrong-type'
  | 'bad-signature'
  | 'stale'
  | 'replayed';

export class EnvelopeRejectedError extends Error {
  constructor(
    readonly reason: EnvelopeRejection,
    detail: string,
  ) {
    super(`Signed message refused (${reason}): ${detail}`);
    this.name = 'EnvelopeRejectedError';
  }
}

/** What the receiver trusts about a certificate: looked up in its own registry, never taken from the message. */
export interface TrustedSender {
  /** The identity the verified certificate names ('hub' or an LA code). */
  sender: string;
  certificatePem: string;
  /** Why the certificate may no longer be used (revoked, expired), or undefined when it is good now. */
  unusableBecause?: string;
}

export interface VerifyEnvelopeOptions {
  /** Finds a registered certificate by fingerprint. */
  lookup: (certFingerprint: string) => TrustedSender | undefined | Promise<TrustedSender | undefined>;
  recipient: string;
  type?: string;
  replayCache: ReplayCache;
  freshnessMs?: number;
  now?: number;
}

function isEnvelope(value: unknown): value is SignedEnvelope {
  if (typeof value !== 'object' || value === null) return false;
  const e = value as Record<string, unknown>;
  return (
    e.v === ENVELOPE_VERSION &&
    typeof e.sender === 'string' &&
    typeof e.recipient === 'string' &&
    typeof e.type === 'string' &&
    typeof e.certFingerprint === 'string' &&
    typeof e.timestamp === 'number' &&
    Number.isFinite(e.timestamp) &&
    typeof e.nonce === 'string' &&
    e.nonce.length >= 16 &&
    e.nonce.length <= 64 &&
    typeof e.signature === 'string' &&
    'body' in e
  );
}

/**
 * Checks a received envelope: known certificate, sender equal to that certificate's identity,
 * certificate usable now, recipient and type, signature, freshness, then (only once authentic) replay.
 * Returns the envelope typed; throws EnvelopeRejectedError with a typed reason.
 */
export async function verifyEnvelope(
  value: unknown,
  options: VerifyEnvelopeOptions,
): Promise<SignedEnvelope> {
  if (!isEnvelope(value)) throw new EnvelopeRejectedError('malformed', 'not a signed envelope');
  const trusted = await options.lookup(value.certFingerprint);
  if (!trusted) throw new EnvelopeRejectedError('unknown-certificate', 'certificate not issued by the CA');
  if (trusted.sender !== value.sender)
    throw new EnvelopeRejectedError('sender-mismatch', `certificate is not ${value.sender}'s`);
  if (trusted.unusableBecause)
    throw new EnvelopeRejectedError('certificate-invalid', trusted.unusableBecause);
  if (value.recipient !== options.recipient)
    throw new EnvelopeRejectedError('wrong-recipient', `addressed to ${value.recipient}`);
  if (options.type !== undefined && value.type !== options.type)
    throw new EnvelopeRejectedError('wrong-type', `expected ${options.type}`);
  const { signature, ...unsigned } = value;
  let good = false;
  try {
    const key = parsedKey(trusted.certificatePem, 'public');
    const bytes = signedBytes(unsigned);
    good = verify('sha256', bytes, { key, ...signatureOptions(key) }, Buffer.from(signature, 'base64'));
  } catch {
    good = false;
  }
  if (!good) throw new EnvelopeRejectedError('bad-signature', 'signature does not verify');
  const now = options.now ?? Date.now();
  const freshness = options.freshnessMs ?? DEFAULT_FRESHNESS_MS;
  if (Math.abs(now - value.timestamp) > freshness)
    throw new EnvelopeRejectedError('stale', 'timestamp outside the freshness window');
  if (!options.replayCache.remember(value.sender, value.nonce, now))
    throw new EnvelopeRejectedError('replayed', 'nonce already seen');
  return value;
}
