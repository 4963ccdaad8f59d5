import type { JsonValue, SignedEnvelope } from '@cp/pki';

/**
 * One signed federation message as a party keeps it: the envelope whole and as signed (a sealed body stays
 * sealed), which way it went, the certificate that signed it (so its signature can be re-checked later
 * with nothing else), and the flow's correlation or handover id when it has one.
 */
export interface LoggedMessage {
  direction: 'sent' | 'received';
  /** 'sent', 'accepted', or what the receiver made of it ('refused:<reason>' keeps no envelope). */
  outcome: string;
  envelope: SignedEnvelope;
  /** The PEM of the certificate whose key signed `envelope` (its fingerprint is envelope.certFingerprint). */
  signerCertificatePem: string;
  correlationId?: string;
  /**
   * What the signature covers by digest only (a bundled query's sealed box for this LA): kept beside the
   * envelope so the whole message can be shown later.
   */
  attachment?: JsonValue;
}

export function sentMessage(
  envelope: SignedEnvelope,
  signerCertificatePem: string,
  correlationId?: string,
): LoggedMessage {
  return { direction: 'sent', outcome: 'sent', envelope, signerCertificatePem, correlationId };
}

export function receivedMessage(
  envelope: SignedEnvelope,
  signerCertificatePem: string,
  correlationId?: string,
  attachment?: JsonValue,
): LoggedMessage {
  return {
    direction: 'received',
    outcome: 'accepted',
    envelope,
    signerCertificatePem,
    correlationId,
    attachment,
  };
}

const text = (value: unknown, limit = 100): string =>
  typeof value === 'string' ? value.slice(0, limit) : '-';

/**
 * One statement writing messages to `federation_message` and the certificates that signed them to
 * `message_certificate` (once per fingerprint): the caller runs it in the transaction of the action the
 * messages belong to. Node and hub share the table layout (their 1765000000000 migrations).
 */
export function messageLogInsert(messages: LoggedMessage[]): { sql: string; parameters: string[] } {
  const rows = messages.map((message) => ({
    direction: message.direction,
    outcome: text(message.outcome),
    sender: text(message.envelope.sender),
    recipient: text(message.envelope.recipient),
    type: text(message.envelope.type),
    nonce: text(message.envelope.nonce),
    cert_fingerprint: text(message.envelope.certFingerprint),
    envelope: message.envelope,
    correlation_id: message.correlationId === undefined ? null : text(message.correlationId, 200),
    attachment: message.attachment ?? null,
  }));
  const certificates = new Map<string, string>();
  for (const message of messages)
    certificates.set(text(message.envelope.certFingerprint), message.signerCertificatePem);
  return {
    sql: MESSAGE_LOG_INSERT_SQL,
    parameters: [
      JSON.stringify(rows),
      JSON.stringify([...certificates].map(([fingerprint, pem]) => ({ fingerprint, certificate_pem: pem }))),
    ],
  };
}

const MESSAGE_LOG_INSERT_SQL = `
  WITH certificates AS (
    INSERT INTO message_certificate (fingerprint, certificate_pem)
    SELECT fingerprint, certificate_pem
      FROM jsonb_to_recordset($2::jsonb) AS c(fingerprint text, certificate_pem text)
    ON CONFLICT (fingerprint) DO NOTHING
  )
  INSERT INTO federation_message
         (direction, outcome, sender, recipient, type, nonce, cert_fingerprint, logged_at, envelope,
          correlation_id, attachment)
  SELECT direction, outcome, sender, recipient, type, nonce, cert_fingerprint, now(), envelope,
         correlation_id, attachment
    FROM jsonb_to_recordset($1::jsonb) AS m(direction text, outcome text, sender text, recipient text,
         type text, nonce text, cert_fingerprint text, envelope jsonb, correlation_id text, attachment jsonb)`;
