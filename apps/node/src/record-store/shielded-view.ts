import type { ChildSummary } from './record-view';

/** The LA shielding team, who broker contact about a shielded child. */
export interface ShieldingTeamContact {
  name: string;
  telephone: string;
  email: string;
}

/** What anyone but a shielding officer sees of a shielded record: name, gender, date of birth and age. */
export interface ShieldedRecordView {
  id: string;
  laCode: string;
  shielded: true;
  child: ChildSummary;
  shieldingTeam: ShieldingTeamContact;
}

/**
 * The one function that makes the shielded view of a record. Everything else (address and its history,
 * identifiers, other names, carers, school, GP, involvements, version, shielding reason) is withheld.
 * It copies allowed fields one by one, so a field added to the full view later is withheld by default.
 * Cross-boundary answers and handover reuse it, so shielding holds wherever the record goes.
 */
export function shieldedView(
  record: { id: string; laCode: string; child: ChildSummary },
  team: ShieldingTeamContact,
): ShieldedRecordView {
  return {
    id: record.id,
    laCode: record.laCode,
    shielded: true,
    child: {
      givenName: record.child.givenName,
      familyName: record.child.familyName,
      dateOfBirth: record.child.dateOfBirth,
      age: record.child.age,
      gender: record.child.gender,
    },
    shieldingTeam: { name: team.name, telephone: team.telephone, email: team.email },
  };
}

/** The fields of a shielded record a search may match on and show: its visible fields only. */
export const SHIELDED_VISIBLE_FIELDS = ['givenName', 'familyName', 'dateOfBirth', 'gender'] as const;
