import { blockingKeys, isValidDateOfBirth, nameTokens, type PersonFields } from '@cp/matching';

/**
 * Material for the tokens that survive the two mistakes the name-year tokens cannot: one wrong digit of the
 * date of birth (a wrong year digit leaves no name-year token shared) and a slip in both names (both
 * phonetic codes change). Every piece still combines names with (most of) a date: never a name or a date
 * alone (docs/security.md, "Tolerant tokens: what they cost").
 */
export interface TolerantMaterial {
  /** Unordered pairs 'A+B' of a family (or other) name's code and a given name's code (nickname forms). */
  namePairs: string[];
  /**
   * Two of the date's three parts, so any one wrong digit leaves at least two pieces right: the year with
   * the month or the day ('2015|03', '2015|04', order-free so a day/month swap keeps them), and month and
   * day without the year ('03-04', the smaller first).
   */
  datePieces: string[];
  /** Family and other names' spellings, each with every one letter dropped ('smith', 'mith', 'sith', ...). */
  familySpellings: string[];
  /** The given name's spellings, likewise. */
  givenSpellings: string[];
  /** The full date of birth, day and month in either order ('2015|03-04'). */
  orderFreeDates: string[];
}

/** The longest name part whose one-letter-dropped spellings are made (longer parts use their first letters). */
const MOST_SPELLING_LETTERS = 14;

/** The name itself and every spelling with one letter dropped: two names one keyboard slip apart share one. */
export function oneDeletionSpellings(name: string): string[] {
  const letters = [...name].slice(0, MOST_SPELLING_LETTERS);
  const spellings = new Set([letters.join('')]);
  if (letters.length < 3) return [...spellings];
  for (let at = 0; at < letters.length; at += 1) {
    spellings.add([...letters.slice(0, at), ...letters.slice(at + 1)].join(''));
  }
  return [...spellings];
}

function spellingsOf(names: readonly (string | undefined)[]): string[] {
  const spellings = new Set<string>();
  for (const name of names) {
    if (name === undefined) continue;
    for (const token of nameTokens(name))
      for (const spelling of oneDeletionSpellings(token)) spellings.add(spelling);
  }
  return [...spellings].sort();
}

const ordered = (a: string, b: string) => (a <= b ? `${a}|${b}` : `${b}|${a}`);

/** Pieces of a valid 'YYYY-MM-DD' that a one-digit slip elsewhere leaves intact; none for an invalid date. */
export function datePiecesOf(dateOfBirth: string | undefined): { pieces: string[]; orderFree: string[] } {
  if (dateOfBirth === undefined || !isValidDateOfBirth(dateOfBirth)) return { pieces: [], orderFree: [] };
  const [year, month, day] = [dateOfBirth.slice(0, 4), dateOfBirth.slice(5, 7), dateOfBirth.slice(8, 10)];
  const monthDay = ordered(month, day).replace('|', '-');
  return {
    pieces: [...new Set([`${year}|${month}`, `${year}|${day}`, monthDay])].sort(),
    orderFree: [`${year}|${monthDay}`],
  };
}

export function tolerantMaterial(person: PersonFields): TolerantMaterial {
  const family = blockingKeys({
    ...(person.familyName !== undefined ? { familyName: person.familyName } : {}),
    ...(person.otherNames !== undefined ? { otherNames: person.otherNames } : {}),
  }).family;
  const given = person.givenName !== undefined ? blockingKeys({ givenName: person.givenName }).given : [];
  const pairs = new Set<string>();
  for (const a of family) for (const b of given) pairs.add(ordered(a, b).replace('|', '+'));
  const { pieces, orderFree } = datePiecesOf(person.dateOfBirth);
  return {
    namePairs: [...pairs].sort(),
    datePieces: pieces,
    familySpellings: spellingsOf([person.familyName, ...(person.otherNames ?? [])]),
    givenSpellings: spellingsOf([person.givenName]),
    orderFreeDates: orderFree,
  };
}
