/** What matching knows about a person: the fields a search may give and a record holds. */
export interface PersonFields {
  givenName?: string;
  familyName?: string;
  otherNames?: string[];
  /** 'YYYY-MM-DD' */
  dateOfBirth?: string;
  gender?: 'female' | 'male' | 'other' | 'not-known';
  /** Any case/spacing. */
  postcode?: string;
  /** Already validated, any spacing. */
  nhsNumber?: string;
  /** Already validated, any spacing. */
  upn?: string;
}

export type MatchGrade = 'certain' | 'probable' | 'possible' | 'certainly-not';

export interface MatchScore {
  /** 0..1 */
  score: number;
  grade: MatchGrade;
  /** Ids of the fields that agreed, e.g. ['nhsNumber', 'familyName', 'dateOfBirth:swapped']; never values. */
  matchedOn: string[];
}
