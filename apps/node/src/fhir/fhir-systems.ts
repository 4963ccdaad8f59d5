/**
 * The URLs the FHIR interface names codes and identifiers by. Standard systems where one exists (NHS number,
 * ODS code, HL7 terminology, UK Core); this federation's own under CP_FHIR_BASE for its controlled lists.
 */
export const FHIR_VERSION = '4.0.1';
export const FHIR_CONTENT_TYPE = 'application/fhir+json; charset=utf-8';

export const NHS_NUMBER_SYSTEM = 'https://fhir.nhs.uk/Id/nhs-number';
export const ODS_CODE_SYSTEM = 'https://fhir.nhs.uk/Id/ods-organization-code';
export const UK_CORE_PATIENT = 'https://fhir.hl7.org.uk/StructureDefinition/UKCore-Patient';

/** This federation's own code systems and naming systems. */
export const CP_FHIR_BASE = 'https://contactpoint.example/fhir';
export const UPN_SYSTEM = `${CP_FHIR_BASE}/Id/upn`;
export const SCHOOL_URN_SYSTEM = `${CP_FHIR_BASE}/Id/dfe-urn`;
export const LA_CODE_SYSTEM = `${CP_FHIR_BASE}/Id/ons-la-code`;
export const USER_ID_SYSTEM = `${CP_FHIR_BASE}/Id/user`;
export const ACCESS_REASON_SYSTEM = `${CP_FHIR_BASE}/CodeSystem/access-reason`;
export const SERVICE_TYPE_SYSTEM = `${CP_FHIR_BASE}/CodeSystem/service-type`;
export const CARER_RELATIONSHIP_SYSTEM = `${CP_FHIR_BASE}/CodeSystem/carer-relationship`;
export const CARE_TEAM_ROLE_SYSTEM = `${CP_FHIR_BASE}/CodeSystem/care-team-role`;
export const AUDIT_ACTION_SYSTEM = `${CP_FHIR_BASE}/CodeSystem/audit-action`;
export const AUDIT_DETAIL_SYSTEM = `${CP_FHIR_BASE}/CodeSystem/audit-detail`;
export const ROLE_SYSTEM = `${CP_FHIR_BASE}/CodeSystem/role`;

/** HL7 terminology. */
export const V3_ROLE_CODE = 'http://terminology.hl7.org/CodeSystem/v3-RoleCode';
export const V3_ACT_REASON = 'http://terminology.hl7.org/CodeSystem/v3-ActReason';
export const V3_CONFIDENTIALITY = 'http://terminology.hl7.org/CodeSystem/v3-Confidentiality';
export const V3_OBSERVATION_VALUE = 'http://terminology.hl7.org/CodeSystem/v3-ObservationValue';
export const MATCH_GRADE_EXTENSION = 'http://hl7.org/fhir/StructureDefinition/match-grade';
export const AUDIT_EVENT_TYPE = 'http://terminology.hl7.org/CodeSystem/audit-event-type';
export const DICOM_DCM = 'http://dicom.nema.org/resources/ontology/DCM';
export const RESTFUL_INTERACTION = 'http://hl7.org/fhir/restful-interaction';
export const AUDIT_ENTITY_TYPE = 'http://terminology.hl7.org/CodeSystem/audit-entity-type';
export const OBJECT_ROLE = 'http://terminology.hl7.org/CodeSystem/object-role';
export const SECURITY_SOURCE_TYPE = 'http://terminology.hl7.org/CodeSystem/security-source-type';
export const PARTICIPATION_TYPE = 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType';
