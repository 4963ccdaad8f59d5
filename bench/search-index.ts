import { Pool } from 'pg';
import { ensureDatabase } from '@cp/database';
import { locatorQueryTokens } from '@cp/locator';
import { DataSource } from 'typeorm';
import { HUB_MIGRATIONS } from '../apps/hub/src/database/migrations';
import {
  LOOKUP_SQL,
  lookupParameters,
  type LocatorMatch,
} from '../apps/hub/src/locator-index/locator-lookup';
import { candidateLasByStrength, lasToAsk } from '../apps/hub/src/search-routing/route-candidates';
import { runConcurrent, warmUp } from './lib/concurrency';
import { BENCH_TOKEN_KEY, loadedEntries, loadPopulation } from './lib/index-loader';
import {
  LA_CODES,
  LA_COUNT,
  populationChild,
  QUERY_KINDS,
  queryFor,
  type PopulationChild,
  type QueryKind,
} from './lib/index-population';
import { machineDescription } from './lib/machine';
import { SUMMARY_HEADER, summaryRow } from './lib/stats';

/**
 * `npm run bench:search`: the hub's locator index at scale (issue 5, item 7, index half).
 * Loads >= 1,000,000 entries from 150 LAs into the hub's own schema (reused when already loaded), then
 * times the lookup statement LocatorIndexService runs, beside a raw primary-key probe in the same run.
 * Options: --entries N (default 1000000, or BENCH_ENTRIES), --queries N (default 2000), --reload.
 * Database: BENCH_DATABASE_URL, or cp_bench_index on TEST_DATABASE_SERVER / 127.0.0.1:5432.
 * More sections (the whole cross-boundary search) can be added to SECTIONS.
 */
const argument = (name: string, fallback: number) => {
  const at = process.argv.indexOf(name);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
};
/** BENCH_ENTRIES sets both halves of `npm run bench:search` at once (npm passes `-- --entries` to the last). */
const ENTRIES = argument('--entries', Number(process.env.BENCH_ENTRIES ?? 1_000_000));
const QUERIES = argument('--queries', 2_000);
/** The hub's own pool size (@cp/database databaseOptions default). */
const HUB_POOL_SIZE = 10;
const LOOKUP_LIMIT = 100;
const write = (line = '') => process.stdout.write(`${line}\n`);

interface PreparedQuery {
  child: PopulationChild;
  kind: QueryKind;
  parameters: unknown[];
}

export interface BenchContext {
  pool: Pool;
  queries: PreparedQuery[];
  write: (line?: string) => void;
}

type Section = (context: BenchContext) => Promise<void>;

function prepareQueries(entries: number, count: number): PreparedQuery[] {
  return Array.from({ length: count }, (_, n) => {
    const child = populationChild(
      Math.floor((((n * 2_654_435_761) % 4_294_967_296) / 4_294_967_296) * entries),
    );
    const kind = QUERY_KINDS[n % QUERY_KINDS.length];
    // The asking LA is another one: a cross-boundary lookup leaves out the asker's own entries.
    const asker = LA_CODES[(LA_CODES.indexOf(child.laCode) + 1 + (n % (LA_COUNT - 1))) % LA_COUNT];
    const tokens = locatorQueryTokens(queryFor(child, kind, n), BENCH_TOKEN_KEY);
    return { child, kind, parameters: lookupParameters(tokens, { excludeLa: asker, limit: LOOKUP_LIMIT }) };
  });
}

const indexLookup: Section = async ({ pool, queries, write }) => {
  const lookup = (index: number) => pool.query(LOOKUP_SQL, queries[index % queries.length].parameters);
  const probe = (index: number) => {
    const child = queries[index % queries.length].child;
    return pool.query('SELECT version FROM locator_entry WHERE child_id = $1 AND la_code = $2', [
      child.id,
      child.laCode,
    ]);
  };
  await warmUp(200, lookup);
  await warmUp(200, probe);
  write('### Hub index lookup');
  write();
  for (const line of SUMMARY_HEADER) write(line);
  write(
    summaryRow(
      'index lookup (LocatorIndexService.lookup SQL)',
      1,
      await runConcurrent(1, queries.length, lookup),
    ),
  );
  write(
    summaryRow(
      'index lookup (LocatorIndexService.lookup SQL)',
      50,
      await runConcurrent(50, queries.length * 5, lookup),
    ),
  );
  write(summaryRow('baseline: raw primary-key probe', 1, await runConcurrent(1, queries.length * 2, probe)));
  write(
    summaryRow('baseline: raw primary-key probe', 50, await runConcurrent(50, queries.length * 10, probe)),
  );
  write();
  write(
    `50 concurrent callers share the hub's pool of ${HUB_POOL_SIZE} PostgreSQL connections, as in the hub.`,
  );
  write();
};

const routing: Section = async ({ pool, queries, write }) => {
  const empty = () => ({ lookups: 0, found: 0, las: 0, asked: 0, holderAsked: 0, needless: 0, entries: 0 });
  const byKind = new Map<QueryKind, ReturnType<typeof empty>>();
  for (const query of queries) {
    const { rows: matches } = await pool.query<LocatorMatch>(LOOKUP_SQL, query.parameters);
    const candidates = candidateLasByStrength(matches);
    const asked = lasToAsk(candidates).map((candidate) => candidate.laCode);
    const figures = byKind.get(query.kind) ?? empty();
    figures.lookups += 1;
    figures.las += candidates.length;
    figures.asked += asked.length;
    figures.entries += matches.length;
    if (asked.includes(query.child.laCode)) figures.holderAsked += 1;
    figures.needless += asked.filter((laCode) => laCode !== query.child.laCode).length;
    if (matches.some((match) => match.childId === query.child.id && match.laCode === query.child.laCode))
      figures.found += 1;
    byKind.set(query.kind, figures);
  }
  write('### Routing: candidate LAs and LAs asked per lookup');
  write();
  write(
    '| query | lookups | mean candidate LAs | mean LAs asked | asked, not holding the child | mean entries | holding LA among candidates | holding LA asked |',
  );
  write('|---|---:|---:|---:|---:|---:|---:|---:|');
  const total = empty();
  const line = (label: string, figures: ReturnType<typeof empty>) => {
    const mean = (value: number) => (value / figures.lookups).toFixed(2);
    const share = (value: number) => `${((100 * value) / figures.lookups).toFixed(1)}%`;
    return `| ${label} | ${figures.lookups} | ${mean(figures.las)} | ${mean(figures.asked)} | ${mean(figures.needless)} | ${mean(figures.entries)} | ${share(figures.found)} | ${share(figures.holderAsked)} |`;
  };
  for (const [kind, figures] of byKind) {
    write(line(kind, figures));
    for (const key of Object.keys(total) as (keyof typeof total)[]) total[key] += figures[key];
  }
  write(line('**all**', total));
  write();
  write(
    `Lookup limit ${LOOKUP_LIMIT} entries; the asking LA's own entries are left out. LAs asked: the hub's ` +
      'route choice (candidateLasByStrength, lasToAsk: identifier matches and those within one piece of name evidence of the best).',
  );
  write();
};

const SECTIONS: Section[] = [indexLookup, routing];

async function main(): Promise<void> {
  const server = process.env.TEST_DATABASE_SERVER ?? 'postgres://postgres@127.0.0.1:5432';
  const url = process.env.BENCH_DATABASE_URL ?? `${server}/cp_bench_index`;
  await ensureDatabase(url);
  const schema = new DataSource({ type: 'postgres', url, migrations: HUB_MIGRATIONS, logging: false });
  await schema.initialize();
  await schema.runMigrations();
  await schema.destroy();

  const pool = new Pool({ connectionString: url, max: HUB_POOL_SIZE, application_name: 'cp-bench-search' });
  try {
    const { rows: version } = await pool.query<{ server_version: string }>('SHOW server_version');
    write(`## bench:search (index) — ${machineDescription(`PostgreSQL ${version[0].server_version}`)}`);
    write();
    const have = await loadedEntries(pool);
    if (have !== ENTRIES || process.argv.includes('--reload')) {
      write(`Loading ${ENTRIES.toLocaleString('en-GB')} entries from ${LA_COUNT} LAs...`);
      const loaded = await loadPopulation(pool, ENTRIES, write);
      write(
        `Loaded ${ENTRIES.toLocaleString('en-GB')} entries, ${loaded.tokens.toLocaleString('en-GB')} tokens in ${loaded.seconds.toFixed(0)} s.`,
      );
    } else {
      write(`Reusing the loaded index (${have.toLocaleString('en-GB')} entries; --reload to rebuild).`);
    }
    const { rows: sizes } = await pool.query<{ entries: string; tokens: string; size: string }>(
      `SELECT (SELECT count(*) FROM locator_entry) AS entries, (SELECT count(*) FROM locator_token) AS tokens,
              pg_size_pretty(pg_total_relation_size('locator_token') + pg_total_relation_size('locator_entry')) AS size`,
    );
    write(
      `Index: ${Number(sizes[0].entries).toLocaleString('en-GB')} entries, ${Number(sizes[0].tokens).toLocaleString('en-GB')} tokens, ${sizes[0].size} on disk.`,
    );
    write();
    const context: BenchContext = { pool, queries: prepareQueries(ENTRIES, QUERIES), write };
    for (const section of SECTIONS) await section(context);
  } finally {
    await pool.end();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
