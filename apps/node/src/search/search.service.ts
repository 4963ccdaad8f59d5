import { Inject, Injectable } from '@nestjs/common';
import { In, type EntityManager } from 'typeorm';
import { normaliseNhsNumber, normalisePostcode, normaliseUpn } from '@cp/identifiers';
import { blockingKeys, MATCH_THRESHOLD, scoreMatch, type MatchGrade, type PersonFields } from '@cp/matching';
import { AuditService, type AccessContext } from '../audit/audit.service';
import { NODE_SETTINGS, type NodeSettings } from '../config/node-settings';
import { Child } from '../records/child.entity';
import { todayIso } from '../records/dto/field-rules';
import { childSummary, type ChildSummary } from '../records/record-view';
import { seesShieldedDetails } from '../records/record-rules';
import { RecordTransactions } from '../records/record-transactions';
import { shieldingTeamOf } from '../records/records.service';
import { shieldedView, type ShieldedRecordView } from '../records/shielded-view';
import {
  assertMinimumCriteria,
  criteriaUsed,
  meetsMinimumCriteria,
  visibleCriteria,
  type SearchCriteria,
} from './minimum-criteria';
import { KEY_KINDS, personFieldsOfChild, searchableFields } from './search-keys';

/** The most candidates a search fetches by blocking key before scoring them. */
export const CANDIDATE_CAP = 500;

interface Scored {
  score: number;
  grade: MatchGrade;
  matchedOn: string[];
}

export type SearchResult =
  | (Scored & { id: string; laCode: string; shielded: boolean; child: ChildSummary; postcode: string })
  | (Scored & ShieldedRecordView);

export interface SearchResponse {
  results: SearchResult[];
  /** True when more records matched than the node's result cap lets it show. */
  capped: boolean;
}

/** What a shielded record's result may say it matched on: its visible fields only. */
const VISIBLE_MATCH = /name|birth|dob|gender/i;

export function personFieldsOf(criteria: SearchCriteria): PersonFields {
  return {
    ...(criteria.familyName ? { familyName: criteria.familyName.trim() } : {}),
    ...(criteria.givenName ? { givenName: criteria.givenName.trim() } : {}),
    ...(criteria.dateOfBirth ? { dateOfBirth: criteria.dateOfBirth } : {}),
    ...(criteria.gender ? { gender: criteria.gender } : {}),
    ...(criteria.postcode ? { postcode: normalisePostcode(criteria.postcode) } : {}),
    ...(criteria.nhsNumber ? { nhsNumber: normaliseNhsNumber(criteria.nhsNumber) } : {}),
    ...(criteria.upn ? { upn: normaliseUpn(criteria.upn) } : {}),
  };
}

/**
 * Local search, tolerant of typos: candidates come from blocking keys (index lookups by equality), are
 * scored with @cp/matching, and those above the threshold are returned ranked and capped. One audit entry
 * per search lists the records it disclosed.
 */
@Injectable()
export class SearchService {
  constructor(
    private readonly transactions: RecordTransactions,
    private readonly audit: AuditService,
    @Inject(NODE_SETTINGS) private readonly settings: NodeSettings,
  ) {}

  async search(criteria: SearchCriteria, context: AccessContext): Promise<SearchResponse> {
    assertMinimumCriteria(criteria);
    const query = personFieldsOf(criteria);
    const visibleQuery = personFieldsOf(visibleCriteria(criteria));
    const shieldedFindable = meetsMinimumCriteria(visibleCriteria(criteria));
    const today = todayIso();

    return this.transactions.run(async (manager) => {
      const candidates = await this.candidates(manager, query);
      const matches: SearchResult[] = [];
      for (const child of candidates) {
        if (child.shielded && !seesShieldedDetails(context.actor)) {
          if (!shieldedFindable) continue;
          const match = scoreMatch(visibleQuery, searchableFields(child));
          if (match.score < MATCH_THRESHOLD) continue;
          const view = shieldedView(
            { id: child.id, laCode: this.settings.NODE_LA_CODE, child: childSummary(child, today) },
            shieldingTeamOf(this.settings),
          );
          const matchedOn = match.matchedOn.filter((field) => VISIBLE_MATCH.test(field));
          matches.push({ ...view, score: match.score, grade: match.grade, matchedOn });
        } else {
          const match = scoreMatch(query, personFieldsOfChild(child));
          if (match.score < MATCH_THRESHOLD) continue;
          matches.push({
            id: child.id,
            laCode: this.settings.NODE_LA_CODE,
            shielded: child.shielded,
            child: childSummary(child, today),
            postcode: child.addressPostcode,
            score: match.score,
            grade: match.grade,
            matchedOn: match.matchedOn,
          });
        }
      }
      matches.sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
      const results = matches.slice(0, this.settings.SEARCH_RESULT_CAP);
      await this.audit.record(manager, {
        context,
        action: 'record.search',
        outcome: 'allowed',
        disclosedChildIds: results.map((result) => result.id),
        detail: {
          criteria: criteriaUsed(criteria),
          candidates: candidates.length,
          results: results.length,
          shieldedResults: results.filter((result) => result.shielded).length,
        },
      });
      return { results, capped: matches.length > results.length };
    });
  }

  /** Children sharing blocking keys with the query, those sharing most first, up to CANDIDATE_CAP. */
  private async candidates(manager: EntityManager, query: PersonFields): Promise<Child[]> {
    const keys = blockingKeys(query);
    const clauses: string[] = [];
    const parameters: unknown[] = [];
    for (const kind of KEY_KINDS) {
      const values = [...new Set(keys[kind])];
      if (values.length === 0) continue;
      parameters.push(kind, values);
      clauses.push(`(kind = $${parameters.length - 1} AND key = ANY($${parameters.length}))`);
    }
    if (clauses.length === 0) return [];
    parameters.push(CANDIDATE_CAP);
    const rows: { child_id: string }[] = await manager.query(
      `SELECT child_id FROM child_search_key WHERE ${clauses.join(' OR ')}
       GROUP BY child_id ORDER BY count(*) DESC, child_id LIMIT $${parameters.length}`,
      parameters,
    );
    if (rows.length === 0) return [];
    return manager.getRepository(Child).findBy({ id: In(rows.map((row) => row.child_id)) });
  }
}
