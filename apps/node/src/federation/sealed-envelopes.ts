import {
  SEARCH_BUNDLE_RECIPIENT,
  SEARCH_MESSAGE_TYPES,
  type SealedBody,
  type SearchQueryBundleBody,
} from '@cp/contract';
import { bundleNames, open, openWithKey, seal, sealWithKey } from '@cp/locator';
import {
  EnvelopeRejectedError,
  pinnedSender,
  signEnvelope,
  verifyEnvelope,
  type ReplayCache,
  type SignedEnvelope,
  type SigningIdentity,
} from '@cp/pki';
import type { FederationCredentials } from './certificate-store';
import { PeerCertificateError, verifyPeerCertificate } from './peer-certificates';

/** This node as a signer. */
export function signingIdentity(credentials: FederationCredentials): SigningIdentity {
  return {
    sender: credentials.laCode,
    certFingerprint: credentials.certificate.fingerprint,
    privateKeyPem: credentials.privateKeyPem,
  };
}

/**
 * Seals a payload for another LA's certificate key, then signs the sealed box as this node: only that LA
 * can read it, anyone can check who sent it, and the hub relaying it can do neither more. With a reply
 * key (an answer to a query that carried one), the box is sealed under that key instead: the asker
 * opens it without a private-key operation, and the signature still says who answered.
 */
export function sealAndSign(
  payload: object,
  to: { laCode: string; certificatePem: string; fingerprint: string },
  from: SigningIdentity,
  type: string,
  replyKey?: Buffer,
): SignedEnvelope<SealedBody> {
  return signEnvelope(from, { recipient: to.laCode, type, body: sealFor(payload, to, replyKey) });
}

/** Seals a payload for another LA's certificate key, or under a reply key; signing is the caller's. */
export function sealFor(
  payload: object,
  to: { certificatePem: string; fingerprint: string },
  replyKey?: Buffer,
): SealedBody {
  const plaintext = Buffer.from(JSON.stringify(payload));
  // seal() takes any PEM Node reads a public key from: the certificate itself will do.
  const sealed = replyKey
    ? sealWithKey(plaintext, replyKey, to.fingerprint)
    : seal(plaintext, to.certificatePem, to.fingerprint);
  return { ...sealed };
}

function isSealedBody(value: unknown): value is SealedBody {
  if (typeof value !== 'object' || value === null) return false;
  const box = value as Record<string, unknown>;
  return ['recipientFingerprint', 'wrappedKey', 'iv', 'ciphertext', 'tag'].every(
    (field) => typeof box[field] === 'string',
  );
}

/**
 * A bundled query (query-bundle.ts): the sealed box the hub relayed must be named, for this LA, in the
 * bundle's digests. Checked before the signature, so a box that is not named does not use up the
 * bundle's nonce; the signature check that follows covers the digests.
 */
function bundledBox(relayed: { bundle?: unknown; sealed?: unknown }, me: FederationCredentials): SealedBody {
  const bundle = relayed.bundle as Partial<SignedEnvelope> | undefined;
  const digests = (bundle?.body as Partial<SearchQueryBundleBody> | null | undefined)?.digests;
  if (!isSealedBody(relayed.sealed) || !Array.isArray(digests)) throw new RelayedMessageError('malformed');
  if (!bundleNames(digests, me.laCode, relayed.sealed)) throw new RelayedMessageError('not-in-bundle');
  return relayed.sealed;
}

/** Why a relayed message was not believed or not readable; the reason is a code, never content. */
export class RelayedMessageError extends Error {
  constructor(readonly reason: string) {
    super(`Relayed message refused: ${reason}`);
    this.name = 'RelayedMessageError';
  }
}

/**
 * Checks a message another LA signed and the hub relayed: the attached certificate chains to our CA and
 * names the expected LA (identity from the certificate, never the message), the envelope is signed with
 * it, addressed to us, of the expected type, fresh and not replayed; then opens the sealed body.
 */
export async function verifyAndOpen(input: {
  /** `envelope` signed for us, or (a query) a `bundle` signed for the route's LAs with our `sealed` box. */
  relayed: { senderCertificatePem?: unknown; envelope?: unknown; bundle?: unknown; sealed?: unknown };
  expectedSender?: string;
  type: string;
  me: FederationCredentials;
  replayCache: ReplayCache;
  /** The reply key our query carried: an answer sealed under it opens without a private-key operation. */
  replyKey?: Buffer;
}): Promise<{ sender: string; envelope: SignedEnvelope; plaintext: Buffer }> {
  const { relayed, me } = input;
  const bundled = input.type === SEARCH_MESSAGE_TYPES.query && relayed.bundle !== undefined;
  const box = bundled ? bundledBox(relayed, me) : undefined;
  const signed = bundled ? relayed.bundle : relayed.envelope;
  const envelope = signed as Partial<SignedEnvelope> | undefined;
  if (typeof relayed.senderCertificatePem !== 'string' || typeof envelope?.sender !== 'string')
    throw new RelayedMessageError('malformed');
  const claimed = envelope.sender;
  if (input.expectedSender !== undefined && claimed !== input.expectedSender)
    throw new RelayedMessageError('sender-mismatch');
  let verified: SignedEnvelope;
  try {
    const peer = verifyPeerCertificate(relayed.senderCertificatePem, claimed, me.caCertificatePem);
    verified = await verifyEnvelope(signed, {
      lookup: pinnedSender({
        sender: claimed,
        certificatePem: peer.certificatePem,
        fingerprint: peer.fingerprint,
      }),
      recipient: bundled ? SEARCH_BUNDLE_RECIPIENT : me.laCode,
      type: bundled ? SEARCH_MESSAGE_TYPES.queryBundle : input.type,
      replayCache: input.replayCache,
    });
  } catch (error) {
    if (error instanceof PeerCertificateError) throw new RelayedMessageError(`certificate-${error.reason}`);
    if (error instanceof EnvelopeRejectedError) throw new RelayedMessageError(error.reason);
    throw error;
  }
  const body = (box ?? verified.body) as Partial<SealedBody> | null;
  if (body?.recipientFingerprint !== me.certificate.fingerprint)
    throw new RelayedMessageError('sealed-for-another-certificate');
  let plaintext: Buffer;
  try {
    const sealed = body as SealedBody;
    if (sealed.wrappedKey === '' && !input.replyKey) throw new Error('no reply key');
    plaintext =
      sealed.wrappedKey === '' && input.replyKey
        ? openWithKey(sealed, input.replyKey)
        : open(sealed, me.privateKeyPem);
  } catch {
    throw new RelayedMessageError('unreadable');
  }
  return { sender: verified.sender, envelope: verified, plaintext };
}

/** The reply key a query carried, when it is one (32 bytes); anything else is ignored, not trusted. */
export function replyKeyOf(query: { replyKey?: unknown }): Buffer | undefined {
  if (typeof query.replyKey !== 'string' || !/^[A-Za-z0-9+/]{43}=$/.test(query.replyKey)) return undefined;
  const key = Buffer.from(query.replyKey, 'base64');
  return key.length === 32 ? key : undefined;
}
