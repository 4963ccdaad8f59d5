import type { AuditEntryView } from '../audit/audit-query.service';
import type { AuditEvent, AuditEventEntity, Coding } from './fhir-types';
import {
  ACCESS_REASON_SYSTEM,
  AUDIT_ACTION_SYSTEM,
  AUDIT_DETAIL_SYSTEM,
  AUDIT_ENTITY_TYPE,
  AUDIT_EVENT_TYPE,
  DICOM_DCM,
  LA_CODE_SYSTEM,
  OBJECT_ROLE,
  RESTFUL_INTERACTION,
  ROLE_SYSTEM,
  SECURITY_SOURCE_TYPE,
  USER_ID_SYSTEM,
} from './fhir-systems';

/** The REST interaction an action of the trail is, as IHE BALP records them (type rest, subtype). */
const INTERACTIONS: Record<string, { code: string; action: NonNullable<AuditEvent['action']> }> = {
  'record.view': { code: 'read', action: 'R' },
  'record.search': { code: 'search-type', action: 'E' },
  'record.create': { code: 'create', action: 'C' },
  'record.update': { code: 'update', action: 'U' },
};

function typeOf(action: string): Coding {
  if (action in INTERACTIONS) {
    return { system: AUDIT_EVENT_TYPE, code: 'rest', display: 'Restful Operation' };
  }
  if (action.startsWith('auth.'))
    return { system: DICOM_DCM, code: '110114', display: 'User Authentication' };
  return { system: DICOM_DCM, code: '110100', display: 'Application Activity' };
}

function actionOf(action: string): NonNullable<AuditEvent['action']> {
  if (action in INTERACTIONS) return INTERACTIONS[action].action;
  if (/\.(add|appoint|set|start)$/.test(action)) return 'C';
  if (/\.(update|end|clear|answer|cancel|step)$/.test(action)) return 'U';
  return 'E';
}

function patientEntity(childId: string, detail?: AuditEventEntity['detail']): AuditEventEntity {
  return {
    what: { reference: `Patient/${childId}` },
    type: { system: AUDIT_ENTITY_TYPE, code: '1', display: 'Person' },
    role: { system: OBJECT_ROLE, code: '1', display: 'Patient' },
    ...(detail && detail.length > 0 ? { detail } : {}),
  };
}

/** The entry's detail (ids, codes and counts only) as entity details, each value as text. */
function detailOf(entry: AuditEntryView): NonNullable<AuditEventEntity['detail']> {
  const detail = [
    { type: 'sequence', valueString: String(entry.sequence) },
    { type: 'correlationId', valueString: entry.correlationId },
    { type: 'hash', valueString: entry.hash },
  ];
  for (const [key, value] of Object.entries(entry.detail)) {
    detail.push({ type: key, valueString: Array.isArray(value) ? value.join(' ') : String(value) });
  }
  return detail;
}

/**
 * One entry of the node's hash-chained audit trail as an AuditEvent shaped as IHE BALP records them: who
 * (the user id, their role, their LA when from another), why (the stated reason as purposeOfEvent), what
 * (the child, and each child a search disclosed, as Patient entities), and the entry's own sequence,
 * correlation id and hash. Ids and codes only, as in the trail itself.
 */
export function auditEventOf(entry: AuditEntryView, laCode: string): AuditEvent {
  const interaction = INTERACTIONS[entry.action] as (typeof INTERACTIONS)[string] | undefined;
  const trail = {
    what: { identifier: { system: `${AUDIT_DETAIL_SYSTEM}/${laCode}`, value: String(entry.sequence) } },
    type: { system: AUDIT_ENTITY_TYPE, code: '2', display: 'System Object' },
    detail: detailOf(entry),
  };
  const children = [
    ...(entry.childId ? [patientEntity(entry.childId)] : []),
    ...entry.disclosedChildIds.filter((id) => id !== entry.childId).map((id) => patientEntity(id)),
  ];
  return {
    resourceType: 'AuditEvent',
    id: String(entry.sequence),
    type: typeOf(entry.action),
    subtype: [
      ...(interaction ? [{ system: RESTFUL_INTERACTION, code: interaction.code }] : []),
      { system: AUDIT_ACTION_SYSTEM, code: entry.action },
    ],
    action: actionOf(entry.action),
    recorded: entry.occurredAt,
    outcome: entry.outcome === 'allowed' ? '0' : '4',
    ...(entry.outcome === 'allowed' ? {} : { outcomeDesc: 'refused' }),
    ...(entry.reason
      ? {
          purposeOfEvent: [
            { coding: [{ system: ACCESS_REASON_SYSTEM, code: entry.reason }], text: entry.reason },
          ],
        }
      : {}),
    agent: [
      {
        type: { coding: [{ system: ROLE_SYSTEM, code: entry.actorRole }], text: entry.actorRole },
        who: {
          identifier: {
            system: USER_ID_SYSTEM,
            value: entry.actorId,
            ...(entry.actorLa
              ? { assigner: { identifier: { system: LA_CODE_SYSTEM, value: entry.actorLa } } }
              : {}),
          },
        },
        requestor: true,
      },
    ],
    source: {
      observer: {
        identifier: { system: LA_CODE_SYSTEM, value: laCode },
        display: `ContactPoint node ${laCode}`,
      },
      type: [{ system: SECURITY_SOURCE_TYPE, code: '4', display: 'Application Server' }],
    },
    entity: [...children, trail],
  };
}
