import type { EducationalSettingInput, GpPracticeInput } from '@cp/record-model';
import type { Faker } from '@faker-js/faker';
import { emailLocalPart, landlineNumber } from './contacts';
import type { LaProfile } from './la-profiles';
import { pick, seededFaker, seedFrom } from './random';

// prettier-ignore
const PLACE_STEMS = [
  'Oakfield', 'Greenfield', 'Westfield', 'Hillside', 'Brookside', 'Parkview', 'Meadowbank', 'Ashgrove',
  'Lime Tree', 'Abbey', 'Kingsmead', 'Riverside', 'Elmhurst', 'Hawthorn', 'Fairfield', 'Beechwood',
  'Churchill', 'Rosemary', 'Moorlands', 'Highgate', 'Northbrook', 'Southfields', 'Eastwood', 'Broadway',
];
const SAINTS = ["St Mary's", "St Joseph's", "St George's", "St Peter's", "St Anne's", "St Augustine's"];

export interface SchoolPools {
  primary: readonly EducationalSettingInput[];
  secondary: readonly EducationalSettingInput[];
}

function schoolName(faker: Faker, phase: 'primary' | 'secondary', town: string): string {
  const stem = pick(faker, PLACE_STEMS);
  if (phase === 'primary') {
    return pick(faker, [
      `${stem} Primary School`,
      `${pick(faker, SAINTS)} Catholic Primary School`,
      `${pick(faker, SAINTS)} Church of England Primary School`,
      `${stem} Infant and Junior School`,
    ]);
  }
  return pick(faker, [
    `${stem} Academy`,
    `${town} ${stem} School`,
    `${pick(faker, SAINTS)} Catholic College`,
  ]);
}

/** Draws until `make` gives a code not yet taken (the code spaces are far larger than any pool). */
function uniqueCode(taken: Set<string>, make: () => string): string {
  for (;;) {
    const code = make();
    if (!taken.has(code)) {
      taken.add(code);
      return code;
    }
  }
}

function buildSchools(profile: LaProfile): SchoolPools {
  const faker = seededFaker(seedFrom('schools', profile.onsCode));
  const urns = new Set<string>();
  const names = new Set<string>();
  const make = (phase: 'primary' | 'secondary', count: number): EducationalSettingInput[] => {
    const schools: EducationalSettingInput[] = [];
    while (schools.length < count) {
      const town = pick(faker, profile.districts).town;
      const name = schoolName(faker, phase, town);
      if (names.has(name)) continue;
      names.add(name);
      const urn = uniqueCode(urns, () => String(faker.number.int({ min: 100000, max: 149999 })));
      schools.push({
        name,
        urn,
        contact: {
          telephone: landlineNumber(faker, profile),
          email: `office@${emailLocalPart(name).replace(/\./g, '-')}.${profile.emailDomain}`,
        },
      });
    }
    return schools;
  };
  return { primary: make('primary', 24), secondary: make('secondary', 8) };
}

function buildPractices(profile: LaProfile): GpPracticeInput[] {
  const faker = seededFaker(seedFrom('gp-practices', profile.onsCode));
  const codes = new Set<string>();
  const names = new Set<string>();
  const practices: GpPracticeInput[] = [];
  while (practices.length < 16) {
    const stem = pick(faker, PLACE_STEMS);
    const name = pick(faker, [
      `${stem} Medical Centre`,
      `The ${stem} Surgery`,
      `${stem} Health Centre`,
      `${stem} Family Practice`,
    ]);
    if (names.has(name)) continue;
    names.add(name);
    const odsCode = uniqueCode(
      codes,
      () => `${profile.gpOdsPrefix}${faker.string.numeric({ length: 3, allowLeadingZeros: true })}`,
    );
    practices.push({ name, odsCode, contact: { telephone: landlineNumber(faker, profile) } });
  }
  return practices;
}

// The pools depend on the LA alone; kept once built so every child of an LA draws from the same schools.
const schoolCache = new Map<string, SchoolPools>();
const practiceCache = new Map<string, readonly GpPracticeInput[]>();

export function schoolsOf(profile: LaProfile): SchoolPools {
  let pools = schoolCache.get(profile.onsCode);
  if (!pools) {
    pools = buildSchools(profile);
    schoolCache.set(profile.onsCode, pools);
  }
  return pools;
}

export function gpPracticesOf(profile: LaProfile): readonly GpPracticeInput[] {
  let practices = practiceCache.get(profile.onsCode);
  if (!practices) {
    practices = buildPractices(profile);
    practiceCache.set(profile.onsCode, practices);
  }
  return practices;
}
