import type { CrossBoundaryInvolvement, CrossBoundaryMatch } from '@cp/contract';
import type { MatchScore } from '@cp/matching';
import type { Child } from '../record-store/child.entity';
import type { Involvement } from '../record-store/involvement.entity';
import { childSummary, involvementView } from '../record-store/record-view';
import { shieldedView, type ShieldingTeamContact } from '../record-store/shielded-view';

/** What a shielded record's match may say it matched on: its visible fields only. */
const VISIBLE_MATCH = /name|birth|dob|gender/i;

function involvementForPeer(row: Involvement, today: string): CrossBoundaryInvolvement {
  const view = involvementView(row, today);
  return {
    practitionerName: view.practitionerName,
    role: view.role,
    organisation: view.organisation,
    serviceType: view.serviceType,
    contact: view.contact,
    startDate: view.startDate,
    endDate: view.endDate,
    current: view.current,
    hasInformationToShare: view.hasInformationToShare,
    assessment: view.assessment,
    isLeadProfessional: view.isLeadProfessional,
  };
}

/**
 * One match as this node discloses it to another LA: the child's name, date of birth and gender, and
 * the practitioners involved with how to reach them (the point of the service). A shielded child leaves
 * only as its shielded view (records/shielded-view.ts): no involvement, school, GP, address or identifier.
 */
export function crossBoundaryMatch(input: {
  child: Child;
  involvements: Involvement[];
  laCode: string;
  team: ShieldingTeamContact;
  match: MatchScore;
  today: string;
}): CrossBoundaryMatch {
  const { child, match, today } = input;
  const summary = childSummary(child, today);
  if (child.shielded) {
    const view = shieldedView({ id: child.id, laCode: input.laCode, child: summary }, input.team);
    return {
      ...view,
      score: match.score,
      grade: match.grade,
      matchedOn: match.matchedOn.filter((field) => VISIBLE_MATCH.test(field)),
    };
  }
  const involvements = [...input.involvements]
    .sort((a, b) => a.startDate.localeCompare(b.startDate) || a.id.localeCompare(b.id))
    .map((row) => involvementForPeer(row, today));
  return {
    id: child.id,
    laCode: input.laCode,
    shielded: false,
    score: match.score,
    grade: match.grade,
    matchedOn: match.matchedOn,
    child: summary,
    involvements,
    leadProfessional: involvements.find((involvement) => involvement.isLeadProfessional) ?? null,
  };
}
