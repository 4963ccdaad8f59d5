import { ErrorCode, type NatsConnection, type NatsError } from 'nats';
import {
  MESSAGE_TYPES,
  SEARCH_MESSAGE_TYPES,
  searchQuerySubject,
  type RelayedEnvelope,
  type UnansweredReason,
} from '@cp/contract';

export interface RelayedAnswer extends RelayedEnvelope {
  laCode: string;
}

export interface RelayOutcome {
  answers: RelayedAnswer[];
  unanswered: { laCode: string; reason: UnansweredReason }[];
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
}): Promise<RelayOutcome> {
  const outcome: RelayOutcome = { answers: [], unanswered: [] };
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
      if (!certificatePem) {
        outcome.unanswered.push({ laCode, reason: 'bad-answer' });
        return;
      }
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
