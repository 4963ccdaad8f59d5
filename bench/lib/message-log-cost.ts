import type { DataSource } from 'typeorm';
import type { LoggedMessage } from '@cp/message-log';
import type { MessageLogService } from '../../apps/hub/src/message-log/message-log.service';

const REPEATS = 200;

/**
 * The message log's write cost in bench:search. At the hub: what its grouped inserts cost over the runs,
 * per search. At the nodes (whose bench threads run the framework-free halves, without a database): the
 * same insert of one search's messages as the asking node (6) and an answering node (2) write them inside
 * their transaction, timed on this PostgreSQL with real envelopes taken from the hub's log.
 */
export async function messageLogCost(
  data: DataSource,
  log: MessageLogService,
  searches: number,
): Promise<string[]> {
  const written = { ...log.written };
  const lines = [
    `Message log at the hub over the timed runs: ${written.rows} signed messages kept in ${written.statements} ` +
      `statements (grouped while one is in flight), ${(written.ms / Math.max(1, written.statements)).toFixed(2)} ms ` +
      `per statement; per search ${(written.rows / Math.max(1, searches)).toFixed(1)} messages and ` +
      `${(written.ms / Math.max(1, searches)).toFixed(2)} ms of insert time (wall time of the awaited inserts, ` +
      'overlapping under concurrency).',
  ];
  const rows = await data.query<
    { direction: 'sent' | 'received'; envelope: LoggedMessage['envelope']; certificate_pem: string }[]
  >(
    `SELECT m.direction, m.envelope, c.certificate_pem FROM federation_message m
       JOIN message_certificate c ON c.fingerprint = m.cert_fingerprint
      WHERE m.type LIKE 'search-%' ORDER BY m.id DESC LIMIT 6`,
  );
  if (rows.length < 6) return lines;
  const messages: LoggedMessage[] = rows.map((row) => ({
    direction: row.direction,
    outcome: row.direction === 'sent' ? 'sent' : 'accepted',
    envelope: row.envelope,
    signerCertificatePem: row.certificate_pem,
    correlationId: 'bench',
  }));
  const timed = async (batch: LoggedMessage[]) => {
    let ms = 0;
    await data.transaction(async (manager) => {
      for (let repeat = 0; repeat < REPEATS; repeat += 1) {
        const started = performance.now();
        await log.write(manager, batch);
        ms += performance.now() - started;
      }
    });
    return ms / REPEATS;
  };
  const asking = await timed(messages);
  const answering = await timed(messages.slice(0, 2));
  lines.push(
    '',
    `Message log at the nodes, per search (one insert inside the search's own transaction, ${REPEATS} repeats, ` +
      `sequential): asking node 6 messages ${asking.toFixed(2)} ms, answering node 2 messages ${answering.toFixed(2)} ms.`,
  );
  return lines;
}

type Written = MessageLogService['written'];

/** One search run's share of the hub's message log writes. */
export function messageLogRun(
  concurrency: number,
  searches: number,
  before: Written,
  after: Written,
): string {
  const statements = after.statements - before.statements;
  const rows = after.rows - before.rows;
  const ms = after.ms - before.ms;
  return (
    `- hub, ${concurrency} concurrent: ${(rows / Math.max(1, searches)).toFixed(1)} messages per search in ` +
    `${(statements / Math.max(1, searches)).toFixed(2)} statements, ${(ms / Math.max(1, statements)).toFixed(2)} ms ` +
    `per statement, ${(ms / Math.max(1, searches)).toFixed(2)} ms awaited per search`
  );
}
