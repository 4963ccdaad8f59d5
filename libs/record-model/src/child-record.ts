import type { AssessmentType, CarerRelationship, Gender, ServiceType } from './controlled-lists';

/** Dates are ISO calendar dates, "YYYY-MM-DD". */
export type IsoDate = string;

export interface ContactDetails {
  telephone?: string;
  email?: string;
}

export interface PostalAddress {
  line1: string;
  line2?: string;
  town: string;
  postcode: string;
}

/** A past address of the child, with the dates it applied. */
export interface PreviousAddress extends PostalAddress {
  from?: IsoDate;
  to: IsoDate;
}

export interface ChildDetailsInput {
  givenName: string;
  familyName: string;
  otherNames?: string[];
  dateOfBirth: IsoDate;
  gender: Gender;
  nhsNumber?: string;
  upn?: string;
  address: PostalAddress;
}

export interface CarerInput {
  name: string;
  relationship: CarerRelationship;
  hasParentalResponsibility: boolean;
  contact: ContactDetails;
}

export interface EducationalSettingInput {
  name: string;
  urn?: string;
  contact: ContactDetails;
}

export interface GpPracticeInput {
  name: string;
  odsCode?: string;
  contact: ContactDetails;
}

export interface AssessmentInput {
  type: AssessmentType;
  date: IsoDate;
}

/** The young person's recorded consent to a sensitive-service involvement being recorded. */
export interface ConsentInput {
  recordedOn: IsoDate;
}

export interface InvolvementInput {
  practitionerName: string;
  role: string;
  organisation: string;
  serviceType: ServiceType;
  contact: ContactDetails;
  startDate: IsoDate;
  endDate?: IsoDate;
  hasInformationToShare?: boolean;
  assessment?: AssessmentInput;
  consent?: ConsentInput;
  isLeadProfessional?: boolean;
}

/** Everything needed to create a child's record at a node. */
export interface CreateChildRecordInput extends ChildDetailsInput {
  carers?: CarerInput[];
  educationalSetting?: EducationalSettingInput;
  gpPractice?: GpPracticeInput;
  involvements?: InvolvementInput[];
}
