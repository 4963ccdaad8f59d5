import { createHash } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { MAX_ANSWER_RESULTS, TOKEN_KIND_CODES } from '@cp/contract';
import { databaseOptions, dropDatabase, ensureDatabase } from '@cp/database';
import { locatorMaterial, locatorQueryTokens, locatorTokens } from '@cp/locator';
import { MATCH_THRESHOLD, scoreMatch } from '@cp/matching';
import { mergeHits, type FederatedAnswer, type LoadedPipeline, type SearchHit } from '@cp/matching-quality';
import type { PoolChild, SearchQuery } from '@cp/synthetic';
import { HUB_MIGRATIONS } from '../../apps/hub/src/database/migrations';
import {
  LOOKUP_SQL,
  lookupParameters,
  MAX_LOOKUP_LIMIT,
} from '../../apps/hub/src/locator-index/locator-lookup';
import type { LocatorMatch } from '../../apps/hub/src/locator-index/locator-lookup';
import { candidateLasByStrength, lasToAsk } from '../../apps/hub/src/search-routing/route-candidates';
import { meetsCrossBoundaryCriteria } from '../../apps/node/src/cross-boundary-search/cross-boundary-criteria';
import { NODE_ENTITIES } from '../../apps/node/src/database/entities';
import { NODE_MIGRATIONS } from '../../apps/node/src/database/migrations';
import { Child } from '../../apps/node/src/record-store/child.entity';
import { childDetailsRow } from '../../apps/node/src/record-store/record-rows';
import {
  personFieldsOfChild,
  searchableFields,
  writeSearchKeys,
} from '../../apps/node/src/record-store/search-keys';
import { meetsMinimumCriteria, type SearchCriteria } from '../../apps/node/src/search/minimum-criteria';
import { personFieldsOf } from '../../apps/node/src/search/person-fields';
import { searchCandidates } from '../../apps/node/src/search/search-candidates';
import { BENCH_TOKEN_KEY } from './bench-key';

/**
 * bench:matching's federation: the real path, not a copy of it. Throwaway PostgreSQL databases (one hub,
 * one per LA) migrated with the apps' own migrations; each LA's children written as the node writes them
 * (childDetailsRow, writeSearchKeys) and indexed at the hub with the tokens the node's outbox makes
 * (locatorTokens(locatorMaterial(searchableFields(child)))). A search runs the requester's minimum, the
 * asking node's local search, the query tokens, the hub's LOOKUP_SQL with lookupParameters and its route
 * choice (candidateLasByStrength, lasToAsk), and each routed node's searchCandidates SQL with the answerer's
 * scoring (scoreMatch on personFieldsOfChild, MATCH_THRESHOLD, MAX_ANSWER_RESULTS). NATS, signatures and
 * sealing are left out: they do not change what is found.
 */

const SERVER = process.env.TEST_DATABASE_SERVER ?? 'postgres://postgres@127.0.0.1:5432';
/** The node's SEARCH_RESULT_CAP default (apps/node/src/config/node-settings.ts). */
const LOCAL_RESULT_CAP = 20;
const INSERT_BATCH = 500;

/** A federation id for a pool child, the same every run (the pool's ids are not UUIDs). */
function uuidOf(poolId: string): string {
  const hex = createHash('sha256').update(poolId).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function criteriaOf(query: SearchQuery): SearchCriteria {
  const { givenName, familyName, dateOfBirth, gender, postcode, nhsNumber, upn } = query;
  return { givenName, familyName, dateOfBirth, gender, postcode, nhsNumber, upn };
}

async function freshDatabase(name: string, options: { node: boolean }): Promise<DataSource> {
  const url = `${SERVER}/${name}`;
  await dropDatabase(url);
  await ensureDatabase(url);
  const dataSource = new DataSource({
    ...databaseOptions({
      url,
      entities: options.node ? NODE_ENTITIES : [],
      migrations: options.node ? NODE_MIGRATIONS : HUB_MIGRATIONS,
      poolSize: 2,
    }),
    logging: false,
  });
  await dataSource.initialize();
  return dataSource;
}

export class RealPathFederation implements LoadedPipeline {
  tokensPerEntry = { mean: 0, most: 0 };
  private readonly poolIdOf = new Map<string, string>();

  private constructor(
    private readonly prefix: string,
    private readonly hub: DataSource,
    private readonly nodes: Map<string, DataSource>,
  ) {}

  /** Fresh databases named `<prefix>_hub` and `<prefix>_<la>`, migrated, then the pool loaded. */
  static async load(
    prefix: string,
    pool: readonly PoolChild[],
    laCodes: readonly string[],
    referenceDate: string,
  ): Promise<RealPathFederation> {
    const hub = await freshDatabase(`${prefix}_hub`, { node: false });
    const nodes = new Map<string, DataSource>();
    for (const laCode of laCodes)
      nodes.set(laCode, await freshDatabase(`${prefix}_${laCode.toLowerCase()}`, { node: true }));
    const federation = new RealPathFederation(prefix, hub, nodes);
    await federation.loadPool(pool, referenceDate);
    return federation;
  }

  private async loadPool(pool: readonly PoolChild[], referenceDate: string): Promise<void> {
    let tokens = 0;
    let most = 0;
    for (const [laCode, dataSource] of this.nodes) {
      const children = pool.filter((child) => child.laCode === laCode);
      await dataSource.transaction(async (manager) => {
        for (let from = 0; from < children.length; from += INSERT_BATCH) {
          const rows = children.slice(from, from + INSERT_BATCH).map((member) => {
            const id = uuidOf(member.id);
            this.poolIdOf.set(id, member.id);
            return Object.assign(new Child(), {
              id,
              ...childDetailsRow(member.record),
              addressFrom: referenceDate,
              version: 1,
              shielded: false,
              shieldingReason: null,
              shieldedAt: null,
              shieldedBy: null,
            });
          });
          await manager.insert(Child, rows);
          for (const child of rows) await writeSearchKeys(manager, child);
          const entry = {
            ids: [] as string[],
            tokenChild: [] as string[],
            tokenValue: [] as string[],
            kind: [] as number[],
          };
          for (const child of rows) {
            entry.ids.push(child.id);
            const made = locatorTokens(locatorMaterial(searchableFields(child)), BENCH_TOKEN_KEY);
            tokens += made.length;
            most = Math.max(most, made.length);
            for (const token of made) {
              entry.tokenChild.push(child.id);
              entry.tokenValue.push(token.value);
              entry.kind.push(TOKEN_KIND_CODES[token.kind]);
            }
          }
          await this.hub.query(
            `INSERT INTO locator_entry (child_id, la_code, version, shielded, updated_at)
             SELECT id, $2, 1, false, now() FROM unnest($1::uuid[]) AS c(id)`,
            [entry.ids, laCode],
          );
          await this.hub.query(
            `INSERT INTO locator_token (child_id, la_code, token, kind)
             SELECT c, $2, t, k FROM unnest($1::uuid[], $3::bigint[], $4::smallint[]) AS r(c, t, k)`,
            [entry.tokenChild, laCode, entry.tokenValue, entry.kind],
          );
        }
      });
      await dataSource.query('ANALYZE');
    }
    await this.hub.query('ANALYZE');
    this.tokensPerEntry = { mean: tokens / pool.length, most };
  }

  /** The answerer's (and local search's) candidates scored: those at or above the threshold, best first. */
  private async answer(laCode: string, query: SearchQuery, cap: number): Promise<SearchHit[]> {
    const dataSource = this.nodes.get(laCode);
    if (!dataSource) return [];
    const person = personFieldsOf(criteriaOf(query));
    return dataSource.transaction(async (manager: EntityManager) => {
      const hits: SearchHit[] = [];
      for (const child of await searchCandidates(manager, person)) {
        const { score } = scoreMatch(person, personFieldsOfChild(child));
        if (score >= MATCH_THRESHOLD)
          hits.push({ childId: this.poolIdOf.get(child.id) ?? child.id, laCode, score });
      }
      return mergeHits(hits).slice(0, cap);
    });
  }

  /** The hub's route step: LOOKUP_SQL, then the LAs it would name. */
  async route(query: SearchQuery, askingLa: string): Promise<string[]> {
    const tokens = locatorQueryTokens(personFieldsOf(criteriaOf(query)), BENCH_TOKEN_KEY);
    if (tokens.length === 0) return [];
    const matches = await this.hub.query<LocatorMatch[]>(
      LOOKUP_SQL,
      lookupParameters(tokens, { excludeLa: askingLa, limit: MAX_LOOKUP_LIMIT }),
    );
    return lasToAsk(candidateLasByStrength(matches)).map((candidate) => candidate.laCode);
  }

  async search(query: SearchQuery, askingLa: string): Promise<FederatedAnswer> {
    const criteria = criteriaOf(query);
    if (!meetsCrossBoundaryCriteria(criteria)) return { hits: [], routedLas: [], refused: true };
    const hits = meetsMinimumCriteria(criteria) ? await this.answer(askingLa, query, LOCAL_RESULT_CAP) : [];
    const routedLas = await this.route(query, askingLa);
    for (const laCode of routedLas) hits.push(...(await this.answer(laCode, query, MAX_ANSWER_RESULTS)));
    return { hits: mergeHits(hits), routedLas, refused: false };
  }

  async isCandidate(laCode: string, query: SearchQuery, poolId: string): Promise<boolean> {
    const dataSource = this.nodes.get(laCode);
    if (!dataSource) return false;
    const candidates = await searchCandidates(dataSource.manager, personFieldsOf(criteriaOf(query)));
    return candidates.some((child) => child.id === uuidOf(poolId));
  }

  /** Closes the connections and drops the throwaway databases. */
  async close(): Promise<void> {
    await this.hub.destroy();
    await dropDatabase(`${SERVER}/${this.prefix}_hub`);
    for (const [laCode, dataSource] of this.nodes) {
      await dataSource.destroy();
      await dropDatabase(`${SERVER}/${this.prefix}_${laCode.toLowerCase()}`);
    }
  }
}
