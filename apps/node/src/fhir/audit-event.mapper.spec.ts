import type { AuditEntryView } from '../audit/audit-query.service';
import { expectValidR4, loadR4Definitions } from '../../../../test/fhir/fhir-r4';
import { auditEventOf } from './audit-event.mapper';
import type { AuditEvent } from './fhir-types';

const CHILD = '6a3c1b9e-3d7f-4f55-9d4e-0b1f2a3c4d5e';
const OTHER = '0b9a1e55-2c1d-4a0e-8f3b-7c6d5e4f3a2b';

function entry(overrides: Partial<AuditEntryView> = {}): AuditEntryView {
  return {
    sequence: 42,
    occurredAt: '2026-12-04T10:00:00.000Z',
    actorId: 'f1e2d3c4-b5a6-4978-8a9b-0c1d2e3f4a5b',
    actorRole: 'practitioner',
    actorLa: null,
    reason: 'safeguarding-concern',
    action: 'record.view',
    outcome: 'allowed',
    childId: CHILD,
    disclosedChildIds: [],
    correlationId: '11111111-2222-4333-8444-555555555555',
    detail: { shielded: false, criteria: ['familyName', 'dateOfBirth'] },
    hash: 'ab'.repeat(32),
    ...overrides,
  };
}

describe('AuditEvent mapper (IHE BALP shape, valid R4)', () => {
  beforeAll(async () => {
    (globalThis as Record<string, unknown>).WebSocket ??= class WebSocketUnused {};
    await loadR4Definitions();
  });

  it('maps a view: rest/read, action R, the reason as purposeOfEvent, the user as requestor, the child as Patient', () => {
    const event = expectValidR4<AuditEvent>(auditEventOf(entry(), 'E09000033'), 'AuditEvent');
    expect(event).toMatchObject({
      id: '42',
      type: { code: 'rest' },
      subtype: [{ code: 'read' }, { code: 'record.view' }],
      action: 'R',
      outcome: '0',
      recorded: '2026-12-04T10:00:00.000Z',
      purposeOfEvent: [{ coding: [{ code: 'safeguarding-concern' }] }],
    });
    expect(event.agent[0]).toMatchObject({
      requestor: true,
      who: { identifier: { value: entry().actorId } },
    });
    expect(event.entity?.[0].what).toEqual({ reference: `Patient/${CHILD}` });
    const details = event.entity?.at(-1)?.detail ?? [];
    expect(details).toContainEqual({ type: 'criteria', valueString: 'familyName dateOfBirth' });
    expect(details).toContainEqual({ type: 'correlationId', valueString: entry().correlationId });
  });

  it("maps a cross-boundary search answer: the other LA's user, each disclosed child once", () => {
    const event = expectValidR4<AuditEvent>(
      auditEventOf(
        entry({
          action: 'record.search',
          childId: null,
          actorLa: 'E08000025',
          disclosedChildIds: [CHILD, OTHER],
        }),
        'E09000033',
      ),
      'AuditEvent',
    );
    expect(event.action).toBe('E');
    expect(event.agent[0].who?.identifier?.assigner?.identifier?.value).toBe('E08000025');
    expect(
      event.entity?.filter((entity) => entity.what?.reference).map((entity) => entity.what?.reference),
    ).toEqual([`Patient/${CHILD}`, `Patient/${OTHER}`]);
  });

  it('maps a refusal (outcome 4) and a sign-in (DICOM user authentication) without reason or child', () => {
    const refused = expectValidR4<AuditEvent>(
      auditEventOf(entry({ action: 'access.refused', outcome: 'refused' }), 'E09000033'),
      'AuditEvent',
    );
    expect(refused).toMatchObject({ outcome: '4', outcomeDesc: 'refused', type: { code: '110100' } });
    const signIn = expectValidR4<AuditEvent>(
      auditEventOf(entry({ action: 'auth.sign-in', reason: null, childId: null }), 'E09000033'),
      'AuditEvent',
    );
    expect(signIn.type).toMatchObject({ code: '110114' });
    expect(signIn.purposeOfEvent).toBeUndefined();
    expect(signIn.entity).toHaveLength(1);
  });
});
