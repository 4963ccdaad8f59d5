import type { SearchResult } from '../search/search.service';
import type { Bundle, BundleEntry, Patient } from './fhir-types';
import { MATCH_GRADE_EXTENSION } from './fhir-systems';
import { patientFromShieldedView, patientFromSummary } from './patient.mapper';

/** A search result as a Patient: the summary, or the shielded view for a shielded record. */
export function patientOfResult(result: SearchResult): Patient {
  return 'shieldingTeam' in result ? patientFromShieldedView(result) : patientFromSummary(result);
}

/** A result's Bundle entry: `$match` adds the score and the match grade (IHE PDQm). */
export function patientEntry(base: string, result: SearchResult, scored: boolean): BundleEntry {
  return {
    fullUrl: `${base}/Patient/${result.id}`,
    resource: patientOfResult(result),
    search: {
      mode: 'match',
      ...(scored
        ? {
            score: Math.round(result.score * 1000) / 1000,
            extension: [{ url: MATCH_GRADE_EXTENSION, valueCode: result.grade }],
          }
        : {}),
    },
  };
}

export function searchset(entry: BundleEntry[], extra: Partial<Pick<Bundle, 'link' | 'total'>> = {}): Bundle {
  return { resourceType: 'Bundle', type: 'searchset', ...extra, entry };
}
