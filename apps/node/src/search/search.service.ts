import { Inject, Injectable } from '@nestjs/common';
import { MATCH_THRESHOLD, scoreMatch, type MatchGrade } from '@cp/matching';
import { AuditService } from '../audit/audit.service';
import { type AccessContext } from '../access/access-context';
import { NODE_SETTINGS, type NodeSettings } from '../config/node-settings';
import { todayIso } from '../record-store/dto/field-rules';
import { childSummary, type ChildSummary } from '../record-store/record-view';
import { seesShieldedDetails } from '../record-store/record-rules';
import { RecordTransactions } from '../record-store/record-transactions';
import { shieldingTeamOf } from '../shielding/shielding-team';
import { shieldedView, type ShieldedRecordView } from '../record-store/shielded-view';
import {
  assertMinimumCriteria,
  criteriaUsed,
  meetsMinimumCriteria,
  visibleCriteria,
  type SearchCriteria,
} from './minimum-criteria';
import { searchCandidates } from './search-candidates';
import { personFieldsOf } from './person-fields';
import { personFieldsOfChild, searchableFields } from '../record-store/search-keys';

/** The most candidates a search fetches by blocking key before scoring them. */

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

    const { candidates, matches } = await this.transactions.read(async (manager) => {
      const candidates = await searchCandidates(manager, query);
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
      return { candidates, matches };
    });
    matches.sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
    const results = matches.slice(0, this.settings.SEARCH_RESULT_CAP);
    await this.audit.recordCommitted({
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
  }
}
