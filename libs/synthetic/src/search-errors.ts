import type { Faker } from '@faker-js/faker';
import { NICKNAMES, SURNAMES } from './names';
import { chance, pick } from './random';

/**
 * The mistakes a practitioner makes when typing a search for a child they know of: each turns a query
 * into a slightly wrong one, or says it cannot apply to this child (undefined).
 */

/** What a practitioner types into a search: the criteria of a local or cross-boundary search. */
export interface SearchQuery {
  givenName?: string;
  familyName?: string;
  /** 'YYYY-MM-DD' */
  dateOfBirth?: string;
  gender?: 'female' | 'male' | 'other' | 'not-known';
  postcode?: string;
  nhsNumber?: string;
  upn?: string;
}

export const SEARCH_ERRORS = [
  'typo-given',
  'typo-family',
  'typo-both-names',
  'nickname',
  'names-swapped',
  'hyphenated-surname',
  'dob-day-month-swapped',
  'moved-postcode',
  'no-given-name',
  'no-postcode',
  'dob-digit-typo',
] as const;
export type SearchError = (typeof SEARCH_ERRORS)[number];

/** Helpers an error may need beyond the query itself. */
export interface ErrorContext {
  faker: Faker;
  /** A postcode where the child used to live (another district, sometimes another LA). */
  oldPostcode: () => string;
}

/** Familiar forms both ways: the generator's table plus the classic ones the brief names (Bill, Kate). */
const FAMILIAR_FORMS: Readonly<Record<string, readonly string[]>> = {
  ...NICKNAMES,
  William: ['Will', 'Billy', 'Bill'],
  Katherine: ['Kate', 'Katie', 'Kathy'],
  Alfie: ['Alfred'],
  Freddie: ['Frederick'],
  Theo: ['Theodore'],
  Archie: ['Archibald'],
  Harry: ['Henry', 'Harold'],
  Charlie: ['Charles'],
  Evie: ['Evelyn'],
  Elsie: ['Elizabeth'],
  Rosie: ['Rosemary'],
  Max: ['Maximilian', 'Maxwell'],
  Sam: ['Samuel', 'Samantha'],
  Alex: ['Alexander', 'Alexandra'],
};

/** Letters next to each other on a UK keyboard: the usual slip of a finger. */
const KEYBOARD_ROWS = ['qwertyuiop', 'asdfghjkl', 'zxcvbnm'];

function keyboardNeighbours(letter: string): string[] {
  for (const row of KEYBOARD_ROWS) {
    const at = row.indexOf(letter);
    if (at >= 0) return [row[at - 1], row[at + 1]].filter((neighbour) => neighbour !== undefined);
  }
  return [];
}

function sameCase(template: string, letter: string): string {
  return template === template.toUpperCase() ? letter.toUpperCase() : letter;
}

/**
 * One slip of the keyboard: a neighbouring key, a dropped or doubled letter, or two letters exchanged.
 * Rarely the first letter (people look at the start of what they type). Undefined for names too short.
 */
export function typo(faker: Faker, name: string): string | undefined {
  const chars = [...name];
  const letters = chars.flatMap((char, index) => (/[a-z]/i.test(char) ? [index] : []));
  if (letters.length < 3) return undefined;
  for (let attempt = 0; attempt < 10; attempt += 1) {
    const at = chance(faker, 0.1) ? letters[0] : pick(faker, letters.slice(1));
    const next = chars.slice();
    const operation = pick(faker, ['neighbour', 'drop', 'double', 'exchange'] as const);
    switch (operation) {
      case 'neighbour': {
        const options = keyboardNeighbours(chars[at].toLowerCase());
        if (options.length === 0) continue;
        next[at] = sameCase(chars[at], pick(faker, options));
        break;
      }
      case 'drop':
        next.splice(at, 1);
        break;
      case 'double':
        next.splice(at, 0, chars[at].toLowerCase());
        break;
      case 'exchange': {
        const other = at + 1 < chars.length && /[a-z]/i.test(chars[at + 1]) ? at + 1 : at - 1;
        if (other < 0 || !/[a-z]/i.test(chars[other])) continue;
        next[at] = sameCase(chars[at], chars[other].toLowerCase());
        next[other] = sameCase(chars[other], chars[at].toLowerCase());
        break;
      }
    }
    const result = next.join('');
    if (result.toLowerCase() !== name.toLowerCase()) return result;
  }
  return undefined;
}

/** Surname prefixes that do not stand alone as a surname. */
const PARTICLES = new Set(['da', 'de', 'van', 'von', 'der', 'ní', 'ni', 'le', 'la', 'di', 'du']);

/** A real calendar date 'YYYY-MM-DD'. */
function isRealDate(value: string): boolean {
  const [year, month, day] = value.split('-').map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** One digit of the year's last two, the month or the day hit as its neighbour on the number row. */
function dateTypo(faker: Faker, query: SearchQuery, date: string): SearchQuery | undefined {
  for (let attempt = 0; attempt < 10; attempt += 1) {
    const at = pick(faker, [2, 3, 5, 6, 8, 9]);
    const digit = Number(date[at]);
    const slipped = pick(
      faker,
      [digit - 1, digit + 1].filter((next) => next >= 0 && next <= 9),
    );
    const dateOfBirth = `${date.slice(0, at)}${slipped}${date.slice(at + 1)}`;
    if (isRealDate(dateOfBirth)) return { ...query, dateOfBirth };
  }
  return undefined;
}

function surnameParts(familyName: string): string[] {
  return familyName.split(/[-\s]+/).filter((part) => part !== '');
}

/** The query with one mistake of the given kind, or undefined when that mistake cannot apply. */
export function applyError(
  error: SearchError,
  query: SearchQuery,
  context: ErrorContext,
): SearchQuery | undefined {
  const { faker } = context;
  switch (error) {
    case 'typo-given': {
      const givenName = query.givenName && typo(faker, query.givenName);
      return givenName ? { ...query, givenName } : undefined;
    }
    case 'typo-family': {
      const familyName = query.familyName && typo(faker, query.familyName);
      return familyName ? { ...query, familyName } : undefined;
    }
    case 'typo-both-names': {
      const givenName = query.givenName && typo(faker, query.givenName);
      const familyName = query.familyName && typo(faker, query.familyName);
      return givenName && familyName ? { ...query, givenName, familyName } : undefined;
    }
    case 'nickname': {
      const forms = query.givenName ? FAMILIAR_FORMS[query.givenName] : undefined;
      return forms ? { ...query, givenName: pick(faker, forms) } : undefined;
    }
    case 'names-swapped':
      if (!query.givenName || !query.familyName) return undefined;
      return { ...query, givenName: query.familyName, familyName: query.givenName };
    case 'hyphenated-surname': {
      if (!query.familyName) return undefined;
      const parts = surnameParts(query.familyName);
      // 'Da Silva' typed as one word; a double-barrelled name given by one part; a single one with the
      // other parent's name added.
      if (parts.length > 1 && PARTICLES.has(parts[0].toLowerCase())) {
        return { ...query, familyName: parts.join('') };
      }
      if (parts.length > 1) return { ...query, familyName: pick(faker, parts) };
      const added = pick(
        faker,
        SURNAMES.filter((name) => name !== query.familyName && !name.includes(' ')),
      );
      const familyName = chance(faker, 0.5) ? `${query.familyName}-${added}` : `${added}-${query.familyName}`;
      return { ...query, familyName };
    }
    case 'dob-day-month-swapped': {
      const date = query.dateOfBirth;
      if (!date) return undefined;
      const [year, month, day] = [date.slice(0, 4), date.slice(5, 7), date.slice(8, 10)];
      if (month === day || Number(day) > 12) return undefined;
      return { ...query, dateOfBirth: `${year}-${day}-${month}` };
    }
    case 'moved-postcode':
      return { ...query, postcode: context.oldPostcode() };
    case 'no-given-name': {
      // Without a given name a cross-boundary search needs an identifier or the family name and date.
      if (!query.givenName || !query.familyName || !query.dateOfBirth) return undefined;
      const { givenName: _dropped, ...rest } = query;
      return rest;
    }
    case 'dob-digit-typo':
      return query.dateOfBirth ? dateTypo(faker, query, query.dateOfBirth) : undefined;
    case 'no-postcode': {
      if (!query.postcode) return undefined;
      const { postcode: _dropped, ...rest } = query;
      return rest;
    }
  }
}
