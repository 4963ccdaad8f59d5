import {
  certificateFingerprint,
  EnvelopeRejectedError,
  pinnedSender,
  ReplayCache,
  verifyEnvelope,
  type SignedEnvelope,
} from '@cp/pki';

/** A row of the message log as the verify command reads it. */
export interface StoredMessage {
  id: string;
  type: string;
  sender: string;
  outcome: string;
  certFingerprint: string;
  /** The stored envelope (null for a refused message, of which only ids and the reason are kept). */
  envelope: unknown;
  /** The PEM recorded for certFingerprint, or null when none was recorded. */
  certificatePem: string | null;
}

export interface BadMessage {
  id: string;
  type: string;
  sender: string;
  reason: string;
}

export interface MessageLogVerification {
  /** Messages whose signature was re-checked and held. */
  checked: number;
  /** Refused messages: kept without an envelope, nothing to check. */
  skipped: number;
  /** The first message (in log order) that does not hold, if any; checking stops there. */
  firstBad?: BadMessage;
}

/**
 * Why a stored message does not hold, or undefined when it does: its columns must agree with the
 * envelope, the recorded certificate must be the one the envelope names, and the signature must verify
 * with that certificate's key. Time and replay are not checked: they held (or not) when it was received.
 */
export async function storedMessageProblem(row: StoredMessage): Promise<string | undefined> {
  const envelope = row.envelope as Partial<SignedEnvelope> | null;
  if (typeof envelope !== 'object' || envelope === null) return 'no-envelope';
  if (envelope.type !== row.type || envelope.sender !== row.sender) return 'columns-differ-from-envelope';
  if (envelope.certFingerprint !== row.certFingerprint) return 'columns-differ-from-envelope';
  if (!row.certificatePem) return 'no-certificate-recorded';
  let fingerprint: string;
  try {
    fingerprint = certificateFingerprint(row.certificatePem);
  } catch {
    return 'certificate-unreadable';
  }
  if (fingerprint !== envelope.certFingerprint) return 'certificate-not-the-signer';
  try {
    await verifyEnvelope(envelope, {
      lookup: pinnedSender({ sender: row.sender, certificatePem: row.certificatePem, fingerprint }),
      recipient: typeof envelope.recipient === 'string' ? envelope.recipient : '',
      type: row.type,
      replayCache: new ReplayCache(1),
      now: typeof envelope.timestamp === 'number' ? envelope.timestamp : 0,
    });
  } catch (error) {
    if (error instanceof EnvelopeRejectedError) return error.reason;
    throw error;
  }
  return undefined;
}

/**
 * Re-checks every stored signed message, page by page in log order, and names the first that does not
 * hold. `pages` yields the log in id order (the command reads it from PostgreSQL in keyset pages).
 */
export async function verifyMessageLog(
  pages: AsyncIterable<StoredMessage[]> | Iterable<StoredMessage[]>,
): Promise<MessageLogVerification> {
  const result: MessageLogVerification = { checked: 0, skipped: 0 };
  for await (const page of pages) {
    for (const row of page) {
      const refused = row.outcome.startsWith('refused:');
      if (refused && (row.envelope === null || row.envelope === undefined)) {
        result.skipped += 1;
        continue;
      }
      const reason = await storedMessageProblem(row);
      if (reason) {
        result.firstBad = { id: row.id, type: row.type, sender: row.sender, reason };
        return result;
      }
      result.checked += 1;
    }
  }
  return result;
}

/** Runs one SQL query with parameters: node and hub pass their DataSource's. */
export type SqlQuery = (sql: string, parameters: unknown[]) => Promise<unknown[]>;

interface StoredRow {
  id: string;
  type: string;
  sender: string;
  outcome: string;
  cert_fingerprint: string;
  envelope: unknown;
  certificate_pem: string | null;
}

/** The message log in id order, `pageSize` rows at a time, each with the certificate recorded for it. */
export async function* messageLogPages(query: SqlQuery, pageSize = 500): AsyncGenerator<StoredMessage[]> {
  let after = '0';
  for (;;) {
    const rows = (await query(
      `SELECT m.id::text AS id, m.type, m.sender, m.outcome, m.cert_fingerprint, m.envelope, c.certificate_pem
         FROM federation_message m LEFT JOIN message_certificate c ON c.fingerprint = m.cert_fingerprint
        WHERE m.id > $1::bigint ORDER BY m.id LIMIT $2`,
      [after, pageSize],
    )) as StoredRow[];
    if (rows.length === 0) return;
    yield rows.map((row) => ({
      id: row.id,
      type: row.type,
      sender: row.sender,
      outcome: row.outcome,
      certFingerprint: row.cert_fingerprint,
      envelope: row.envelope,
      certificatePem: row.certificate_pem,
    }));
    after = rows[rows.length - 1].id;
  }
}

/** The verify command's one line: what was checked, or the first bad message by id, type and sender. */
export function describeVerification(result: MessageLogVerification): string {
  if (result.firstBad) {
    const bad = result.firstBad;
    return (
      `Message log: message ${bad.id} (type ${bad.type}, sender ${bad.sender}) does not verify: ${bad.reason} ` +
      `(${result.checked} verified before it)`
    );
  }
  return `Message log: ${result.checked} signed messages verified (${result.skipped} refused messages kept without an envelope)`;
}

/**
 * The `messages verify` command at node and hub: re-checks the whole log, prints one line and returns
 * the exit code (1 naming the first bad message, 0 when every signature holds).
 */
export async function runMessagesVerify(query: SqlQuery, print: (line: string) => void): Promise<number> {
  const result = await verifyMessageLog(messageLogPages(query));
  print(describeVerification(result));
  return result.firstBad ? 1 : 0;
}
