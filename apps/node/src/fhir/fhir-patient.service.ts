import { Injectable } from '@nestjs/common';
import type { AccessContext } from '../access/access-context';
import { RecordsService } from '../records/records.service';
import { SearchService } from '../search/search.service';
import type { Bundle, Patient } from './fhir-types';
import { patientEntry, searchset } from './bundle';
import type { MatchInput } from './match-parameters';
import type { PatientQuery } from './patient-criteria';
import { patientFromRecord, patientFromShieldedView } from './patient.mapper';

/**
 * Patient over the node's own services: a read is RecordsService.view and a search or $match is
 * SearchService.search, so roles, the stated reason, shielding, the result cap and the audit entries are
 * exactly those of /api/v1; this only changes the shape.
 */
@Injectable()
export class FhirPatientService {
  constructor(
    private readonly records: RecordsService,
    private readonly search: SearchService,
  ) {}

  async read(id: string, context: AccessContext): Promise<Patient> {
    const view = await this.records.view(id, context);
    return 'shieldingTeam' in view ? patientFromShieldedView(view) : patientFromRecord(view);
  }

  async searchPatients(query: PatientQuery, context: AccessContext, base: string): Promise<Bundle> {
    const { results } = await this.search.search(query.criteria, context);
    const shown = query.count === undefined ? results : results.slice(0, query.count);
    return searchset(
      shown.map((result) => patientEntry(base, result, false)),
      { total: shown.length },
    );
  }

  /** IHE PDQm $match: scored, graded, best first; onlyCertainMatches keeps the certain ones. */
  async match(input: MatchInput, context: AccessContext, base: string): Promise<Bundle> {
    const { results } = await this.search.search(input.criteria, context);
    const kept = input.onlyCertainMatches ? results.filter((result) => result.grade === 'certain') : results;
    const shown = input.count === undefined ? kept : kept.slice(0, input.count);
    return searchset(shown.map((result) => patientEntry(base, result, true)));
  }
}
