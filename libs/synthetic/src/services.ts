import type { AssessmentType, ServiceType } from '@cp/record-model';
import type { LaProfile } from './la-profiles';

/** How a service looks in a record: who works in it, for which ages, and the assessment it may undertake. */
export interface ServiceProfile {
  role: string;
  organisation: (la: LaProfile) => string;
  minAge: number;
  maxAge: number;
  assessment?: AssessmentType;
}

const VOLUNTARY_ORGANISATIONS = ["Barnardo's", 'Action for Children', "The Children's Society", 'Home-Start'];
const POLICE_FORCES: Record<string, string> = {
  E09000033: 'Metropolitan Police Service',
  E08000025: 'West Midlands Police',
  E10000016: 'Kent Police',
};

/** Every service type of the controlled list, typed so that a new type cannot be left out. */
export const SERVICE_PROFILES: Readonly<Record<ServiceType, ServiceProfile>> = {
  'health-visiting': {
    role: 'Health visitor',
    organisation: (la) => `${la.name} Health Visiting Service`,
    minAge: 0,
    maxAge: 4,
    assessment: 'health-assessment',
  },
  'school-nursing': {
    role: 'School nurse',
    organisation: (la) => `${la.name} School Nursing Service`,
    minAge: 5,
    maxAge: 17,
    assessment: 'health-assessment',
  },
  'early-help': {
    role: 'Early help practitioner',
    organisation: (la) => `${la.name} Early Help Service`,
    minAge: 0,
    maxAge: 17,
    assessment: 'early-help-assessment',
  },
  'childrens-social-care': {
    role: 'Social worker',
    organisation: (la) => `${la.name} Children's Services`,
    minAge: 0,
    maxAge: 17,
    assessment: 'child-and-family-assessment',
  },
  'education-welfare': {
    role: 'Education welfare officer',
    organisation: (la) => `${la.name} Education Welfare Service`,
    minAge: 5,
    maxAge: 16,
  },
  'special-educational-needs': {
    role: 'SEND caseworker',
    organisation: (la) => `${la.name} SEND Service`,
    minAge: 2,
    maxAge: 17,
    assessment: 'education-health-and-care-needs-assessment',
  },
  'youth-justice': {
    role: 'Youth justice officer',
    organisation: (la) => `${la.name} Youth Justice Service`,
    minAge: 10,
    maxAge: 17,
    assessment: 'youth-justice-assessment',
  },
  'youth-service': {
    role: 'Youth worker',
    organisation: (la) => `${la.name} Youth Service`,
    minAge: 11,
    maxAge: 17,
  },
  'speech-and-language-therapy': {
    role: 'Speech and language therapist',
    organisation: (la) => `${la.name} Children's Therapy Service`,
    minAge: 1,
    maxAge: 12,
  },
  paediatrics: {
    role: 'Consultant paediatrician',
    organisation: (la) => `${la.name} Community Paediatrics`,
    minAge: 0,
    maxAge: 17,
    assessment: 'health-assessment',
  },
  housing: {
    role: 'Housing officer',
    organisation: (la) => `${la.name} Housing Service`,
    minAge: 0,
    maxAge: 17,
  },
  police: {
    role: 'Schools liaison officer',
    organisation: (la) => POLICE_FORCES[la.onsCode] ?? `${la.name} Police`,
    minAge: 10,
    maxAge: 17,
  },
  'voluntary-sector': {
    role: 'Family support worker',
    organisation: (la) => VOLUNTARY_ORGANISATIONS[la.name.length % VOLUNTARY_ORGANISATIONS.length],
    minAge: 0,
    maxAge: 17,
  },
  'sexual-health': {
    role: 'Sexual health nurse',
    organisation: (la) => `${la.name} Young People's Sexual Health Service`,
    minAge: 13,
    maxAge: 17,
  },
  'mental-health': {
    role: 'CAMHS practitioner',
    organisation: (la) => `${la.name} CAMHS`,
    minAge: 11,
    maxAge: 17,
  },
  'substance-misuse': {
    role: 'Substance misuse worker',
    organisation: (la) => `${la.name} Young People's Drug and Alcohol Service`,
    minAge: 12,
    maxAge: 17,
  },
};
