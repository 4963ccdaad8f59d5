import { FHIR_VERSION, UK_CORE_PATIENT } from './fhir-systems';
import { PATIENT_SEARCH_PARAMETERS } from './patient-criteria';
import { PURPOSE_OF_USE_PARAMETER } from './search-params';

interface SearchParam {
  name: string;
  type: 'token' | 'string' | 'date' | 'reference' | 'number';
  documentation?: string;
}

const PATIENT_PARAM_TYPES: Record<keyof typeof PATIENT_SEARCH_PARAMETERS, SearchParam['type']> = {
  identifier: 'token',
  family: 'string',
  given: 'string',
  birthdate: 'date',
  gender: 'token',
  'address-postalcode': 'string',
};

const PURPOSE: SearchParam = {
  name: PURPOSE_OF_USE_PARAMETER,
  type: 'token',
  documentation:
    'The purpose of use (required for Patient; or the X-Purpose-Of-Use header): a ContactPoint access reason, or v3-ActReason TREAT, COC, HOPERAT',
};

/**
 * What this node's FHIR interface does: R4 (4.0.1), JSON only, Patient read, search and $match, AuditEvent
 * search; strict handling of search parameters; bearer tokens as /api/v1.
 */
export function capabilityStatement(
  laCode: string,
  laName: string,
  software: string,
): Record<string, unknown> {
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: '2026-12-04',
    publisher: `${laName} (${laCode})`,
    kind: 'instance',
    software: { name: software },
    implementation: { description: `ContactPoint node of ${laName} (${laCode}): children's basic records` },
    fhirVersion: FHIR_VERSION,
    format: ['application/fhir+json', 'json'],
    rest: [
      {
        mode: 'server',
        documentation:
          'Unknown search parameters are refused (strict handling). Every error is an OperationOutcome.',
        security: {
          service: [
            {
              coding: [
                { system: 'http://terminology.hl7.org/CodeSystem/restful-security-service', code: 'OAuth' },
              ],
              text: "Bearer access token from the node's sign-in (password and TOTP), as /api/v1",
            },
          ],
          description: 'Roles, reasons, audit and shielding as /api/v1',
        },
        resource: [
          {
            type: 'Patient',
            supportedProfile: [UK_CORE_PATIENT],
            documentation:
              'A read returns the whole record (or the shielded view) with carers, GP, school, involvements and the CareTeam as contained resources; search and $match return the search summary.',
            interaction: [{ code: 'read' }, { code: 'search-type' }],
            searchParam: [
              ...Object.entries(PATIENT_PARAM_TYPES).map(([name, type]) => ({ name, type })),
              { name: '_count', type: 'number' },
              PURPOSE,
            ],
            operation: [
              { name: 'match', definition: 'http://hl7.org/fhir/OperationDefinition/Patient-match' },
            ],
          },
          {
            type: 'AuditEvent',
            documentation: "The node's hash-chained audit trail as IHE BALP AuditEvents; auditors only.",
            interaction: [{ code: 'search-type' }],
            searchParam: [
              { name: 'patient', type: 'reference' },
              { name: 'agent', type: 'reference', documentation: 'A user id (or Practitioner/<user id>)' },
              { name: 'date', type: 'date' },
              { name: '_count', type: 'number' },
            ],
          },
        ],
      },
    ],
  };
}
