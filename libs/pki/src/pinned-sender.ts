import type { TrustedSender, VerifyEnvelopeOptions } from './envelope';

/**
 * A `verifyEnvelope` lookup that trusts one certificate and nothing else: the hub certificate a node
 * received at enrolment, or a peer LA's certificate already checked against the federation CA. Any other
 * fingerprint is unknown.
 */
export function pinnedSender(pinned: {
  sender: string;
  certificatePem: string;
  fingerprint: string;
}): VerifyEnvelopeOptions['lookup'] {
  const trusted: TrustedSender = { sender: pinned.sender, certificatePem: pinned.certificatePem };
  return (fingerprint) => (fingerprint === pinned.fingerprint ? trusted : undefined);
}
