/** The parts of FHIR R4 resources this interface writes (a subset of the specification's types). */
export interface Coding {
  system?: string;
  code?: string;
  display?: string;
}

export interface CodeableConcept {
  coding?: Coding[];
  text?: string;
}

export interface Identifier {
  system?: string;
  value?: string;
  assigner?: Reference;
}

export interface Reference {
  reference?: string;
  identifier?: Identifier;
  display?: string;
}

export interface Period {
  start?: string;
  end?: string;
}

export interface ContactPoint {
  system: 'phone' | 'email';
  value: string;
  use?: 'work' | 'home';
}

export interface HumanName {
  use?: 'official' | 'usual' | 'nickname';
  text?: string;
  family?: string;
  given?: string[];
}

export interface Address {
  use?: 'home' | 'old';
  line?: string[];
  city?: string;
  postalCode?: string;
  period?: Period;
}

export interface Extension {
  url: string;
  valueCode?: string;
  valueString?: string;
}

export interface Meta {
  profile?: string[];
  security?: Coding[];
  tag?: Coding[];
  lastUpdated?: string;
  versionId?: string;
}

interface ResourceBase {
  id?: string;
  meta?: Meta;
}

export interface Organization extends ResourceBase {
  resourceType: 'Organization';
  identifier?: Identifier[];
  name: string;
  telecom?: ContactPoint[];
}

export interface Practitioner extends ResourceBase {
  resourceType: 'Practitioner';
  name: HumanName[];
  telecom?: ContactPoint[];
}

export interface RelatedPerson extends ResourceBase {
  resourceType: 'RelatedPerson';
  patient: Reference;
  relationship?: CodeableConcept[];
  name?: HumanName[];
  telecom?: ContactPoint[];
}

export interface CareTeamParticipant {
  role?: CodeableConcept[];
  member?: Reference;
  onBehalfOf?: Reference;
  period?: Period;
}

export interface CareTeam extends ResourceBase {
  resourceType: 'CareTeam';
  status: 'active';
  name?: string;
  subject: Reference;
  participant?: CareTeamParticipant[];
}

export type ContainedResource = Organization | Practitioner | RelatedPerson | CareTeam;

export interface Patient extends ResourceBase {
  resourceType: 'Patient';
  contained?: ContainedResource[];
  identifier?: Identifier[];
  active?: boolean;
  name?: HumanName[];
  gender?: 'male' | 'female' | 'other' | 'unknown';
  birthDate?: string;
  address?: Address[];
  generalPractitioner?: Reference[];
  managingOrganization?: Reference;
}

export interface AuditEventEntity {
  what?: Reference;
  type?: Coding;
  role?: Coding;
  detail?: { type: string; valueString: string }[];
}

export interface AuditEventAgent {
  type?: CodeableConcept;
  role?: CodeableConcept[];
  who?: Reference;
  requestor: boolean;
}

export interface AuditEvent extends ResourceBase {
  resourceType: 'AuditEvent';
  type: Coding;
  subtype?: Coding[];
  action?: 'C' | 'R' | 'U' | 'D' | 'E';
  recorded: string;
  outcome?: '0' | '4' | '8' | '12';
  outcomeDesc?: string;
  purposeOfEvent?: CodeableConcept[];
  agent: AuditEventAgent[];
  source: { observer: Reference; type?: Coding[] };
  entity?: AuditEventEntity[];
}

export interface OperationOutcomeIssue {
  severity: 'fatal' | 'error' | 'warning' | 'information';
  code: string;
  diagnostics?: string;
  expression?: string[];
}

export interface OperationOutcome extends ResourceBase {
  resourceType: 'OperationOutcome';
  issue: OperationOutcomeIssue[];
}

export interface BundleEntry {
  fullUrl?: string;
  resource: Patient | AuditEvent | OperationOutcome;
  search?: { mode: 'match' | 'include' | 'outcome'; score?: number; extension?: Extension[] };
}

export interface Bundle extends ResourceBase {
  resourceType: 'Bundle';
  type: 'searchset';
  total?: number;
  link?: { relation: 'self' | 'next'; url: string }[];
  entry: BundleEntry[];
}
