import type { SealedBody } from '@cp/contract';
import { open, seal } from '@cp/locator';
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
 * can read it, anyone can check who sent it, and the hub relaying it can do neither more.
 */
export function sealAndSign(
  payload: object,
  to: { laCode: string; certificatePem: string; fingerprint: string },
  from: SigningIdentity,
  type: string,
): SignedEnvelope<SealedBody> {
  // seal() takes any PEM Node reads a public key from: the certificate itself will do.
  const sealed = seal(Buffer.from(JSON.stringify(payload)), to.certificatePem, to.fingerprint);
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
    plaintext = open(body as SealedBody, me.privateKeyPem);
  } catch {
    throw new RelayedMessageError('unreadable');
  }
  return { sender: verified.sender, envelope: verified, plaintext };
}
