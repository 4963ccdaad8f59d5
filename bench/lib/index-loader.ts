import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Pool, PoolClient } from 'pg';
import { locatorMaterial, locatorTokens } from '@cp/locator';
import { BENCH_TOKEN_KEY } from './bench-key';
import { populationChild } from './index-population';
import type { TokenBatch } from './token-worker';

export { BENCH_TOKEN_KEY };
const BATCH = 5_000;
/** Bump when the population changes, so an old bench database is reloaded. */
const POPULATION_VERSION = 'v2';

/**
 * The population version and a fingerprint of the token scheme (tokens of a sample of children): a
 * change to @cp/matching's keys or @cp/locator's tokens makes a loaded bench database stale.
 */
export function populationVersion(): string {
  const hash = createHash('sha256');
  for (let index = 0; index < 200; index++) {
    const child = populationChild(index * 4_999);
    hash.update(JSON.stringify(locatorTokens(locatorMaterial(child.person), BENCH_TOKEN_KEY)));
  }
  return `${POPULATION_VERSION}-${hash.digest('hex').slice(0, 16)}`;
}

export async function loadedEntries(pool: Pool): Promise<number> {
  await pool.query(`CREATE TABLE IF NOT EXISTS bench_meta (key text PRIMARY KEY, value text NOT NULL)`);
  const { rows } = await pool.query<{ value: string }>(
    `SELECT value FROM bench_meta WHERE key = 'population'`,
  );
  const [version, entries] = (rows[0]?.value ?? '').split(':');
  return version === populationVersion() ? Number(entries) : 0;
}

async function insertBatch(client: PoolClient, batch: TokenBatch): Promise<void> {
  await client.query(
    `INSERT INTO locator_entry (child_id, la_code, version, shielded, updated_at)
     SELECT id, la, 1, shielded, now() FROM unnest($1::uuid[], $2::text[], $3::boolean[]) AS c(id, la, shielded)`,
    [batch.ids, batch.las, batch.shielded],
  );
  await client.query(
    `INSERT INTO locator_token (child_id, la_code, token, kind)
     SELECT * FROM unnest($1::uuid[], $2::text[], $3::bigint[], $4::smallint[])`,
    [batch.tokenChild, batch.tokenLa, batch.tokenValue, batch.tokenKind],
  );
}

/** A worker thread making token batches (tokens are CPU work: two threads, PostgreSQL gets the rest). */
function tokenWorker(): {
  make: (from: number, to: number) => Promise<TokenBatch>;
  stop: () => Promise<number>;
} {
  const worker = new Worker(join(__dirname, 'token-worker.ts'), {
    execArgv: ['--require', join(__dirname, 'register.js')],
  });
  return {
    make: (from, to) =>
      new Promise((resolve, reject) => {
        const fail = (error: Error) => reject(error);
        worker.once('error', fail);
        worker.once('message', (batch: TokenBatch) => {
          worker.off('error', fail);
          resolve(batch);
        });
        worker.postMessage({ from, to });
      }),
    stop: () => worker.terminate(),
  };
}

/**
 * Loads `entries` children into the hub's index tables (the hub's own schema), dropping the token
 * indexes during the load and building them after, then VACUUM ANALYZE so lookups are index-only scans.
 */
export async function loadPopulation(
  pool: Pool,
  entries: number,
  progress: (line: string) => void,
): Promise<{ tokens: number; seconds: number }> {
  const started = Date.now();
  await pool.query(`TRUNCATE locator_entry, locator_token, locator_la_state`);
  await pool.query(`DELETE FROM bench_meta WHERE key = 'population'`);
  await pool.query(`ALTER TABLE locator_token DROP CONSTRAINT IF EXISTS locator_token_pkey`);
  await pool.query(`DROP INDEX IF EXISTS locator_token_lookup`);
  let tokens = 0;
  let next = 0;
  // Two lanes, each a token worker and a connection: one lane inserts while the other makes tokens.
  const lane = async () => {
    const worker = tokenWorker();
    const client = await pool.connect();
    try {
      await client.query(`SET synchronous_commit = off`);
      let pending: Promise<void> = Promise.resolve();
      for (;;) {
        const from = next;
        if (from >= entries) break;
        next = Math.min(entries, from + BATCH);
        const batch = await worker.make(from, next);
        await pending;
        tokens += batch.tokenValue.length;
        pending = insertBatch(client, batch);
        if (next % 100_000 === 0)
          progress(
            `  loaded ${next.toLocaleString('en-GB')} entries (${Math.round((Date.now() - started) / 1000)} s)`,
          );
      }
      await pending;
    } finally {
      client.release();
      await worker.stop();
    }
  };
  await Promise.all([lane(), lane()]);
  progress(`  building token indexes (${Math.round((Date.now() - started) / 1000)} s)`);
  const client = await pool.connect();
  try {
    await client.query(`SET maintenance_work_mem = '1GB'`);
    await client.query(`SET max_parallel_maintenance_workers = 2`);
    // The same definitions as the hub's migration (1764500000000-locator-index).
    await client.query(
      `ALTER TABLE locator_token ADD CONSTRAINT locator_token_pkey PRIMARY KEY (child_id, la_code, token)`,
    );
    await client.query(
      `CREATE INDEX locator_token_lookup ON locator_token (token) INCLUDE (la_code, child_id, kind)`,
    );
    await client.query(`VACUUM ANALYZE locator_entry`);
    await client.query(`VACUUM ANALYZE locator_token`);
  } finally {
    client.release();
  }
  await pool.query(`INSERT INTO bench_meta (key, value) VALUES ('population', $1)`, [
    `${populationVersion()}:${entries}`,
  ]);
  return { tokens, seconds: (Date.now() - started) / 1000 };
}
