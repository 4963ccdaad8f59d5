import type { NatsConnection } from 'nats';
import { MESSAGE_TYPES, type RefusalBody } from '@cp/contract';
import { UnavailableError } from '@cp/errors';
import { receivedMessage, sentMessage, type LoggedMessage } from '@cp/message-log';
import {
  certificateFingerprint,
  EnvelopeRejectedError,
  HUB_SENDER,
  pinnedSender,
  signEnvelope,
  verifyEnvelope,
  type JsonValue,
  type ReplayCache,
  type SignedEnvelope,
} from '@cp/pki';
import type { FederationCredentials } from '../federation/certificate-store';
import { signingIdentity } from '../federation/sealed-envelopes';

/** The hub refused a search message; its reason is a code. */
export class SearchRefusedByHubError extends UnavailableError {
  constructor(readonly reason: string) {
    super(`The hub refused the search (${reason})`);
  }
}

/** The pinned hub certificate's fingerprint, parsed once per certificate rather than per message. */
const hubFingerprints = new Map<string, string>();
function hubFingerprintOf(hubCertificatePem: string): string {
  let fingerprint = hubFingerprints.get(hubCertificatePem);
  if (fingerprint === undefined) {
    if (hubFingerprints.size >= 16) hubFingerprints.clear();
    fingerprint = certificateFingerprint(hubCertificatePem);
    hubFingerprints.set(hubCertificatePem, fingerprint);
  }
  return fingerprint;
}

/**
 * One signed request to the hub over the search connection, and its answer checked as signed by the hub
 * certificate received at enrolment (pinned; not one an answer brings along) and addressed to us.
 */
export async function requestFromHub(input: {
  connection: NatsConnection;
  credentials: FederationCredentials;
  subject: string;
  type: string;
  expectedReplyType: string;
  body: JsonValue;
  timeoutMs: number;
  replayCache: ReplayCache;
  /** Collects the request and the verified reply as signed, for the message log. */
  exchanged?: LoggedMessage[];
  correlationId?: string;
}): Promise<SignedEnvelope> {
  const { credentials } = input;
  const envelope = signEnvelope(signingIdentity(credentials), {
    recipient: HUB_SENDER,
    type: input.type,
    body: input.body,
  });
  input.exchanged?.push(sentMessage(envelope, credentials.certificatePem, input.correlationId));
  let raw: unknown;
  try {
    const reply = await input.connection.request(input.subject, JSON.stringify(envelope), {
      timeout: input.timeoutMs,
    });
    raw = JSON.parse(reply.string()) as unknown;
  } catch (error) {
    throw new UnavailableError(
      `The hub did not answer the search (${error instanceof Error ? error.message : 'unknown'})`,
    );
  }
  const hubFingerprint = hubFingerprintOf(credentials.hubCertificatePem);
  let reply: SignedEnvelope;
  try {
    reply = await verifyEnvelope(raw, {
      lookup: pinnedSender({
        sender: HUB_SENDER,
        certificatePem: credentials.hubCertificatePem,
        fingerprint: hubFingerprint,
      }),
      recipient: credentials.laCode,
      replayCache: input.replayCache,
    });
  } catch (error) {
    if (error instanceof EnvelopeRejectedError)
      throw new UnavailableError(`The hub's answer to the search was refused (${error.reason})`);
    throw error;
  }
  input.exchanged?.push(receivedMessage(reply, credentials.hubCertificatePem, input.correlationId));
  if (reply.type === MESSAGE_TYPES.refusal)
    throw new SearchRefusedByHubError((reply.body as RefusalBody).reason);
  if (reply.type !== input.expectedReplyType)
    throw new UnavailableError(`The hub answered the search with ${reply.type}`);
  return reply;
}
