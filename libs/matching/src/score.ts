import { compareDatesOfBirth, DATE_OF_BIRTH_SIMILARITY } from './date-of-birth';
import { districtOf } from './keys';
import {
  bestTokenAgreement,
  nameTokensWithPhonetics,
  tokenSetSimilarity,
  type NameToken,
} from './name-similarity';
import type { MatchGrade, MatchScore, PersonFields } from './person';

/** Minimum score a search returns (grade 'possible' or better). */
export const MATCH_THRESHOLD = 0.7;
const PROBABLE_THRESHOLD = 0.85;
const CERTAIN_THRESHOLD = 0.97;

/** Weights of the demographic evidence (names, then date of birth). */
const NAME_WEIGHT = 0.6;
const DATE_OF_BIRTH_WEIGHT = 0.4;
/** Within the names: given and family name count equally (equal shares also keep the swapped comparison symmetric). */
const FAMILY_SHARE = 0.5;
/** Value of a field missing on either side: neither a match nor a mismatch. */
const NEUTRAL = 0.5;
const DATE_OF_BIRTH_NEUTRAL = 0.6;
/** No name at all on one side: a date of birth (and postcode) alone must stay below the threshold. */
const NAMES_ABSENT = 0.4;
/**
 * Jaro-Winkler similarities below these floors mean "different name" (OpenCR accepts given >= 0.8 and
 * family >= 0.9); above them the similarity is stretched onto 0..1.
 */
const GIVEN_FLOOR = 0.7;
const FAMILY_FLOOR = 0.7;
/** A similarity that counts as agreement for the matchedOn labels. */
const GIVEN_AGREES = 0.8;
const FAMILY_AGREES = 0.85;
/** Discounts for agreement found only through other names or a given/family swap. */
const OTHER_NAME_FACTOR = 0.95;
const SWAPPED_FACTOR = 0.93;
/** Gender recorded as female on one side and male on the other is strong evidence of two children. */
const GENDER_CONFLICT_FACTOR = 0.6;
const GENDER_UNCLEAR_FACTOR = 0.9;
/** Postcodes agreeing adds a little; disagreeing costs nothing (children move). */
const POSTCODE_BONUS = 0.03;
const DISTRICT_BONUS = 0.02;
/**
 * A date one digit out but years away ('digit') counts only when the names agree at least this well (both
 * names exact or nearly): otherwise it is another child born in another year.
 */
const DIGIT_DATE_NAMES_FLOOR = 0.9;
/** With an equal identifier: how far disagreeing demographics, gender or another identifier pull down. */
const IDENTIFIER_DISAGREEMENT_COST = 0.3;
const IDENTIFIER_EXTRA_CONFLICT_COST = 0.1;
/** Different identifiers of the same kind: at best a 'possible' for a person to judge. */
const IDENTIFIER_CONFLICT_FACTOR = 0.72;

/** A person's fields in comparable form; build once per person and reuse across candidates. */
export interface PreparedPerson {
  given: NameToken[];
  family: NameToken[];
  /** given + otherNames, and family + otherNames; undefined when there are no other names. */
  givenWithOthers?: NameToken[];
  familyWithOthers?: NameToken[];
  dateOfBirth?: string;
  gender?: PersonFields['gender'];
  postcode?: string;
  district?: string;
  nhsNumber?: string;
  upn?: string;
}

function nonEmpty(value: string): string | undefined {
  return value === '' ? undefined : value;
}

export function preparePerson(person: PersonFields): PreparedPerson {
  const given = nameTokensWithPhonetics([person.givenName]);
  const family = nameTokensWithPhonetics([person.familyName]);
  const others = nameTokensWithPhonetics(person.otherNames ?? []);
  const hasOthers = others.length > 0;
  return {
    given,
    family,
    givenWithOthers: hasOthers ? [...given, ...others] : undefined,
    familyWithOthers: hasOthers ? [...family, ...others] : undefined,
    dateOfBirth: nonEmpty(person.dateOfBirth?.trim() ?? ''),
    gender: person.gender,
    postcode: nonEmpty(person.postcode?.replace(/\s/g, '').toUpperCase() ?? ''),
    district: districtOf(person.postcode)[0],
    nhsNumber: nonEmpty(person.nhsNumber?.replace(/\D/g, '') ?? ''),
    upn: nonEmpty(person.upn?.replace(/\s/g, '').toUpperCase() ?? ''),
  };
}

function stretch(similarity: number, floor: number): number {
  return similarity <= floor ? 0 : (similarity - floor) / (1 - floor);
}

/** Best of the direct comparison and, when either side has other names, the comparison including them. */
function fieldSimilarity(
  direct: [readonly NameToken[], readonly NameToken[]],
  withOthers: [readonly NameToken[] | undefined, readonly NameToken[] | undefined],
  allowNicknames: boolean,
): { similarity: number | undefined; viaOthers: boolean } {
  const similarity = tokenSetSimilarity(direct[0], direct[1], allowNicknames);
  if (withOthers[0] === undefined && withOthers[1] === undefined) return { similarity, viaOthers: false };
  const wider = tokenSetSimilarity(withOthers[0] ?? direct[0], withOthers[1] ?? direct[1], allowNicknames);
  if (wider === undefined || (similarity !== undefined && similarity >= wider * OTHER_NAME_FACTOR)) {
    return { similarity, viaOthers: false };
  }
  return { similarity: wider * OTHER_NAME_FACTOR, viaOthers: true };
}

interface NameComparison {
  /** Raw similarities (Jaro-Winkler scale); undefined when either side lacks that part. */
  given: number | undefined;
  family: number | undefined;
  /** Score of the given/family swapped reading, 0 when not applicable; worked out only when it could win. */
  swapped: () => number;
  /** Labels of the straight reading. */
  matchedOn: string[];
}

/** Names compared token-wise, straight and with given/family swapped. */
function compareNames(query: PreparedPerson, candidate: PreparedPerson): NameComparison {
  const given = fieldSimilarity(
    [query.given, candidate.given],
    [query.givenWithOthers, candidate.givenWithOthers],
    true,
  );
  const family = fieldSimilarity(
    [query.family, candidate.family],
    [query.familyWithOthers, candidate.familyWithOthers],
    false,
  );
  const matchedOn: string[] = [];
  if (given.similarity !== undefined && given.similarity >= GIVEN_AGREES) {
    matchedOn.push(
      given.viaOthers
        ? 'givenName:otherName'
        : nameLabel('givenName', bestTokenAgreement(query.given, candidate.given, true)),
    );
  }
  if (family.similarity !== undefined && family.similarity >= FAMILY_AGREES) {
    matchedOn.push(
      family.viaOthers
        ? 'familyName:otherName'
        : nameLabel('familyName', bestTokenAgreement(query.family, candidate.family, false)),
    );
  }
  return {
    given: given.similarity,
    family: family.similarity,
    swapped: memoised(() => swappedNameScore(query, candidate)),
    matchedOn,
  };
}

/**
 * 0..1 agreement of the names (undefined when either side has no name), with `neutral` standing in
 * for a part missing on either side; the better of the straight and swapped readings.
 */
function nameScore(names: NameComparison, neutral: number): { score: number | undefined; swapped: boolean } {
  if (names.given === undefined && names.family === undefined) return { score: undefined, swapped: false };
  const givenScore = names.given === undefined ? neutral : stretch(names.given, GIVEN_FLOOR);
  const familyScore = names.family === undefined ? neutral : stretch(names.family, FAMILY_FLOOR);
  // Geometric, so a wholly different given name is not rescued by the family name (twins, siblings).
  const straight = givenScore ** (1 - FAMILY_SHARE) * familyScore ** FAMILY_SHARE;
  // The swapped reading is discounted, so it cannot beat a straight reading at or above its discount.
  if (straight >= SWAPPED_FACTOR) return { score: straight, swapped: false };
  const swapped = names.swapped();
  return swapped > straight ? { score: swapped, swapped: true } : { score: straight, swapped: false };
}

function memoised(compute: () => number): () => number {
  let value: number | undefined;
  return () => (value ??= compute());
}

function nameLabel(field: string, agreement: 'exact' | 'nickname' | 'similar'): string {
  return agreement === 'exact' ? field : `${field}:${agreement}`;
}

/** Given name against family name both ways; one floor and equal shares keep it symmetric. */
function swappedNameScore(query: PreparedPerson, candidate: PreparedPerson): number {
  const across = tokenSetSimilarity(query.given, candidate.family, true);
  const back = tokenSetSimilarity(query.family, candidate.given, true);
  if (across === undefined || back === undefined) return 0;
  return SWAPPED_FACTOR * Math.sqrt(stretch(across, GIVEN_FLOOR) * stretch(back, GIVEN_FLOOR));
}

function compareDates(
  query: PreparedPerson,
  candidate: PreparedPerson,
): { score?: number; label?: string; agreement?: string } {
  if (query.dateOfBirth === undefined || candidate.dateOfBirth === undefined) return {};
  const agreement =
    query.dateOfBirth === candidate.dateOfBirth
      ? 'exact'
      : compareDatesOfBirth(query.dateOfBirth, candidate.dateOfBirth);
  const label =
    agreement === 'none' ? undefined : agreement === 'exact' ? 'dateOfBirth' : `dateOfBirth:${agreement}`;
  return { score: DATE_OF_BIRTH_SIMILARITY[agreement], label, agreement };
}

type GenderAgreement = 'same' | 'conflict' | 'unclear' | 'unknown';

function compareGenders(query: PreparedPerson, candidate: PreparedPerson): GenderAgreement {
  const a = query.gender;
  const b = candidate.gender;
  if (a === undefined || b === undefined || a === 'not-known' || b === 'not-known') return 'unknown';
  if (a === b) return 'same';
  // 'other' against female/male may be a recording difference rather than a different child.
  return a === 'other' || b === 'other' ? 'unclear' : 'conflict';
}

type IdentifierAgreement = 'agree' | 'conflict' | 'unknown';

function compareIdentifier(a: string | undefined, b: string | undefined): IdentifierAgreement {
  if (a === undefined || b === undefined) return 'unknown';
  return a === b ? 'agree' : 'conflict';
}

export function gradeOf(score: number): MatchGrade {
  if (score >= CERTAIN_THRESHOLD) return 'certain';
  if (score >= PROBABLE_THRESHOLD) return 'probable';
  if (score >= MATCH_THRESHOLD) return 'possible';
  return 'certainly-not';
}

/** Scores two prepared people; use with preparePerson to prepare a query once for many candidates. */
export function scorePrepared(query: PreparedPerson, candidate: PreparedPerson): MatchScore {
  const nhs = compareIdentifier(query.nhsNumber, candidate.nhsNumber);
  const upn = compareIdentifier(query.upn, candidate.upn);
  const names = compareNames(query, candidate);
  const demographicNames = nameScore(names, NEUTRAL);
  const dates = compareDates(query, candidate);
  const gender = compareGenders(query, candidate);
  // A date one digit but years out, with names that do not agree strongly, is not agreement at all.
  const weakDate =
    dates.agreement === 'digit' && (demographicNames.score ?? NAMES_ABSENT) < DIGIT_DATE_NAMES_FLOOR;
  if (weakDate) Object.assign(dates, { score: 0, label: undefined });

  const matchedOn: string[] = [];
  if (nhs === 'agree') matchedOn.push('nhsNumber');
  if (upn === 'agree') matchedOn.push('upn');
  if (demographicNames.swapped) matchedOn.push('names:swapped');
  else matchedOn.push(...names.matchedOn);
  if (dates.label !== undefined) matchedOn.push(dates.label);
  if (gender === 'same') matchedOn.push('gender');

  let score: number;
  if (nhs === 'agree' || upn === 'agree') {
    // Missing name parts count as agreeing here: a search by NHS number alone must not be penalised.
    const identifierNames = nameScore(names, 1).score;
    score = identifierScore(identifierNames, dates.score, gender, nhs === 'conflict' || upn === 'conflict');
  } else {
    const nameAgreement = demographicNames.score ?? NAMES_ABSENT;
    const dateScore = dates.score ?? DATE_OF_BIRTH_NEUTRAL;
    score = NAME_WEIGHT * nameAgreement + DATE_OF_BIRTH_WEIGHT * dateScore;
    if (gender === 'conflict') score *= GENDER_CONFLICT_FACTOR;
    if (gender === 'unclear') score *= GENDER_UNCLEAR_FACTOR;
    if (nhs === 'conflict' || upn === 'conflict') score *= IDENTIFIER_CONFLICT_FACTOR;
  }

  if (query.postcode !== undefined && query.postcode.length >= 5 && query.postcode === candidate.postcode) {
    score += POSTCODE_BONUS;
    matchedOn.push('postcode');
  } else if (query.district !== undefined && query.district === candidate.district) {
    score += DISTRICT_BONUS;
    matchedOn.push('postcode:district');
  }
  score = Math.min(1, Math.max(0, score));
  return { score, grade: gradeOf(score), matchedOn };
}

/**
 * An equal NHS number or UPN is near-certain; only fields present on both sides can pull it down,
 * and never below the threshold (a person should see the record and judge).
 */
function identifierScore(
  nameScore: number | undefined,
  dateScore: number | undefined,
  gender: GenderAgreement,
  otherIdentifierConflicts: boolean,
): number {
  // Not normalised by what is present: names and date both disagreeing cost the most.
  let disagreement = 0;
  if (nameScore !== undefined) disagreement += NAME_WEIGHT * (1 - nameScore);
  if (dateScore !== undefined) disagreement += DATE_OF_BIRTH_WEIGHT * (1 - dateScore);
  let score = 1 - IDENTIFIER_DISAGREEMENT_COST * disagreement;
  if (gender === 'conflict') score -= IDENTIFIER_EXTRA_CONFLICT_COST;
  if (otherIdentifierConflicts) score -= IDENTIFIER_EXTRA_CONFLICT_COST;
  return Math.max(MATCH_THRESHOLD, score);
}

/** Scores a candidate against a query; fields missing on either side neither add nor subtract much. */
export function scoreMatch(query: PersonFields, candidate: PersonFields): MatchScore {
  return scorePrepared(preparePerson(query), preparePerson(candidate));
}
