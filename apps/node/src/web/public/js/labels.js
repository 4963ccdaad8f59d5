// Plain words for the API's codes and values.

const SPECIAL = {
  'childrens-social-care': "Children's social care",
  'not-known': 'Not known',
  'node-administrator': 'LA IT administrator',
  'data-manager': 'Data manager',
  'shielding-officer': 'Shielding officer',
  'special-educational-needs': 'Special educational needs',
  'speech-and-language-therapy': 'Speech and language therapy',
  'education-health-and-care-needs-assessment': 'Education, health and care needs assessment',
  'other-relative': 'Other relative',
  'step-parent': 'Step-parent',
};

/** "health-visiting" -> "Health visiting". */
export function words(code) {
  if (code === undefined || code === null) return '';
  if (SPECIAL[code]) return SPECIAL[code];
  const text = String(code).replace(/-/g, ' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

const DATE = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});
const DATE_TIME = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short' });

/** "2015-04-01" -> "1 April 2015". */
export function date(iso) {
  if (!iso) return '';
  const parsed = new Date(`${iso.slice(0, 10)}T00:00:00Z`);
  return Number.isNaN(parsed.getTime()) ? iso : DATE.format(parsed);
}

export function dateTime(iso) {
  if (!iso) return '';
  const parsed = new Date(iso);
  return Number.isNaN(parsed.getTime()) ? iso : DATE_TIME.format(parsed);
}

const GRADES = {
  certain: 'Certain',
  probable: 'Probable',
  possible: 'Possible',
  'certainly-not': 'Unlikely',
};

/** A match's strength as a word and a number: "Probable match, 82 out of 100". */
export function strength(grade, score) {
  const word = GRADES[grade] ?? words(grade);
  return `${word} match, ${Math.round(Number(score) * 100)} out of 100`;
}

const NO_ANSWER = {
  deadline: 'did not answer in time',
  'no-responder': 'is not connected just now',
  refused: 'refused the search',
  'bad-answer': 'sent an answer that could not be checked',
  'not-sent': 'was not asked',
  'no-certificate': 'has no valid certificate',
  'bad-certificate': 'has a certificate that could not be checked',
};

export function noAnswer(reason) {
  return NO_ANSWER[reason] ?? words(reason).toLowerCase();
}

/** "Birmingham (E08000025)", or the code alone when the name is not known. */
export function laLabel(config, code) {
  const name = config.laNames?.[code];
  return name ? `${name} (${code})` : code;
}

export function laName(config, code) {
  return config.laNames?.[code] ?? code;
}

export function yesNo(value) {
  return value ? 'Yes' : 'No';
}

export function fullName(child) {
  return `${child.givenName} ${child.familyName}`;
}
