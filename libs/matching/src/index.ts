export type { PersonFields, MatchGrade, MatchScore } from './person';
export { normaliseName, nameTokens } from './normalise';
export { canonicalGivenNames, NICKNAME_GROUP_COUNT } from './nicknames';
export { phoneticKeys } from './phonetic';
export { blockingKeys, BLOCKING_KEY_KINDS, type BlockingKeys, type BlockingKeyKind } from './keys';
export {
  compareDatesOfBirth,
  isValidDateOfBirth,
  swappedDateOfBirth,
  type DateOfBirthAgreement,
} from './date-of-birth';
export {
  scoreMatch,
  scorePrepared,
  preparePerson,
  gradeOf,
  MATCH_THRESHOLD,
  type PreparedPerson,
} from './score';
