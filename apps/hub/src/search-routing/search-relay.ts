import { ErrorCode, type NatsConnection, type NatsError } from 'nats';
import {
  MESSAGE_TYPES,
  SEARCH_MESSAGE_TYPES,
  searchQuerySubject,
  type RelayedEnvelope,
  type UnansweredReason,
} from '@cp/contract';
import { receivedMessage, type LoggedMessage } from '@cp/message-log';
import {
  DEFAULT_FRESHNESS_MS,
  EnvelopeRejectedError,
  pinnedSender,
  ReplayCache,
  verifyEnvelope,
} from '@cp/pki';

export interface RelayedAnswer extends RelayedEnvelope {
  laCode: string;
}

export interface RelayOutcome {
  answers: RelayedAnswer[];
  unanswered: { laCode: string; reason: UnansweredReason }[];
  /** The answers and refusals as signed by their LAs, for the hub's message log. */
  received: LoggedMessage[];
}

/** Finds the registered certificate of an answering LA by the fingerprint its answer names. */
export type AnswerCertificateLookup = (laCode: string, fingerprint: string) => Promise<string | undefined>;

function reasonOf(error: unknown): UnansweredReason {
  const code = (error as Partial<NatsError>).code;
  if (code === ErrorCode.NoResponders) return 'no-responder';
  return 'deadline';
}

/**
 * Sends each sealed query to its LA's node at once and waits for each until the deadline, no longer:
 * a silent node does not hold up the others. The hub checks only the outside of an answer (sender,
 * recipient, type, and that the certificate it names is that LA's, registered with our CA); the asking
 * node verifies the signature and opens the sealed body.
 */
export async function relayQueries(input: {
  connection: NatsConnection;
  fromLa: string;
  queries: { laCode: string; payload: string }[];
  deadlineAt: number;
  certificateOf: AnswerCertificateLookup;
  /** The search's correlation id, recorded with each answer in the message log. */
  correlationId?: string;
}): Promise<RelayOutcome> {
  const outcome: RelayOutcome = { answers: [], unanswered: [], received: [] };
  await Promise.all(
    input.queries.map(async ({ laCode, payload }) => {
      const timeout = Math.max(1, input.deadlineAt - Date.now());
      let raw: unknown;
      try {
        const reply = await input.connection.request(searchQuerySubject(laCode), payload, { timeout });
        raw = JSON.parse(reply.string()) as unknown;
      } catch (error) {
        outcome.unanswered.push({
          laCode,
          reason: error instanceof SyntaxError ? 'bad-answer' : reasonOf(error),
        });
        return;
      }
      const envelope = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
      const fingerprint = typeof envelope.certFingerprint === 'string' ? envelope.certFingerprint : '';
      const attributable =
        envelope.sender === laCode &&
        envelope.recipient === input.fromLa &&
        (envelope.type === SEARCH_MESSAGE_TYPES.answer || envelope.type === MESSAGE_TYPES.refusal);
      const certificatePem = attributable ? await input.certificateOf(laCode, fingerprint) : undefined;
      // The signature too (sealed bodies stay sealed): the hub neither relays nor logs what its LA did not sign.
      const signed = certificatePem
        ? await signedBy(raw, { laCode, fingerprint, certificatePem, recipient: input.fromLa })
        : false;
      if (!certificatePem || !signed) {
        outcome.unanswered.push({ laCode, reason: 'bad-answer' });
        return;
      }
      outcome.received.push(
        receivedMessage(raw as Parameters<typeof receivedMessage>[0], certificatePem, input.correlationId),
      );
      if (envelope.type === MESSAGE_TYPES.refusal) {
        outcome.unanswered.push({ laCode, reason: 'refused' });
        return;
      }
      outcome.answers.push({ laCode, senderCertificatePem: certificatePem, envelope: raw });
    }),
  );
  outcome.answers.sort((a, b) => a.laCode.localeCompare(b.laCode));
  outcome.unanswered.sort((a, b) => a.laCode.localeCompare(b.laCode));
  return outcome;
}

/** Whether an answer's signature holds for the LA's registered certificate (freshness and all). */
async function signedBy(
  raw: unknown,
  signer: { laCode: string; fingerprint: string; certificatePem: string; recipient: string },
): Promise<boolean> {
  try {
    await verifyEnvelope(raw, {
      lookup: pinnedSender({
        sender: signer.laCode,
        certificatePem: signer.certificatePem,
        fingerprint: signer.fingerprint,
      }),
      recipient: signer.recipient,
      replayCache: new ReplayCache(DEFAULT_FRESHNESS_MS),
    });
    return true;
  } catch (error) {
    if (error instanceof EnvelopeRejectedError) return false;
    throw error;
  }
}
