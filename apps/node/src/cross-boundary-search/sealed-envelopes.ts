import type { SealedBody } from '@cp/contract';
import { open, openWithKey, seal, sealWithKey } from '@cp/locator';
import {
  EnvelopeRejectedError,
  signEnvelope,
  verifyEnvelope,
  type ReplayCache,
  type SignedEnvelope,
  type SigningIdentity,
} from '@cp/pki';
import type { FederationCredentials } from '../federation/certificate-store';
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
 * opens it without an RSA operation, and the signature still says who answered.
 */
export function sealAndSign(
  payload: object,
  to: { laCode: string; certificatePem: string; fingerprint: string },
  from: SigningIdentity,
  type: string,
  replyKey?: Buffer,
): SignedEnvelope<SealedBody> {
  const plaintext = Buffer.from(JSON.stringify(payload));
  // seal() takes any PEM Node reads a public key from: the certificate itself will do.
  const sealed = replyKey
    ? sealWithKey(plaintext, replyKey, to.fingerprint)
    : seal(plaintext, to.certificatePem, to.fingerprint);
  return signEnvelope(from, { recipient: to.laCode, type, body: { ...sealed } });
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
  relayed: { senderCertificatePem?: unknown; envelope?: unknown };
  expectedSender?: string;
  type: string;
  me: FederationCredentials;
  replayCache: ReplayCache;
  /** The reply key our query carried: an answer sealed under it opens without RSA. */
  replyKey?: Buffer;
}): Promise<{ sender: string; envelope: SignedEnvelope; plaintext: Buffer }> {
  const { relayed, me } = input;
  const envelope = relayed.envelope as Partial<SignedEnvelope> | undefined;
  if (typeof relayed.senderCertificatePem !== 'string' || typeof envelope?.sender !== 'string')
    throw new RelayedMessageError('malformed');
  const claimed = envelope.sender;
  if (input.expectedSender !== undefined && claimed !== input.expectedSender)
    throw new RelayedMessageError('sender-mismatch');
  let verified: SignedEnvelope;
  try {
    const peer = verifyPeerCertificate(relayed.senderCertificatePem, claimed, me.caCertificatePem);
    verified = await verifyEnvelope(relayed.envelope, {
      lookup: (fingerprint) =>
        fingerprint === peer.fingerprint
          ? { sender: claimed, certificatePem: peer.certificatePem }
          : undefined,
      recipient: me.laCode,
      type: input.type,
      replayCache: input.replayCache,
    });
  } catch (error) {
    if (error instanceof PeerCertificateError) throw new RelayedMessageError(`certificate-${error.reason}`);
    if (error instanceof EnvelopeRejectedError) throw new RelayedMessageError(error.reason);
    throw error;
  }
  const body = verified.body as Partial<SealedBody> | null;
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
