import fc from 'fast-check';
import { InvalidInputError } from '@cp/errors';
import { ACCESS_REASONS } from '@cp/record-model';
import { dateWindowOf, periodOf, auditQueryOf } from './audit-event-query';
import { purposeOfUse, strictParameters, countOf, identifierOf } from './search-params';

function fieldOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof InvalidInputError) return error.problems[0]?.field;
    throw error;
  }
  return undefined;
}

describe('FHIR search parameters', () => {
  it('refuses any parameter the interaction does not support, naming it (strict handling)', () => {
    fc.assert(
      fc.property(
        fc
          .string({ minLength: 1, maxLength: 20 })
          .filter((name) => !['family', 'given', '_format'].includes(name)),
        (name) => {
          expect(fieldOf(() => strictParameters({ family: 'A', [name]: 'x' }, ['family', 'given']))).toBe(
            name,
          );
        },
      ),
    );
  });

  it('refuses a parameter given twice unless it repeats, values that are not text, and formats other than JSON', () => {
    expect(fieldOf(() => strictParameters({ family: ['A', 'B'] }, ['family']))).toBe('family');
    expect(strictParameters({ date: ['ge2026', 'lt2027'] }, ['date'], ['date']).get('date')).toEqual([
      'ge2026',
      'lt2027',
    ]);
    expect(fieldOf(() => strictParameters({ family: { nested: 'x' } }, ['family']))).toBe('family');
    expect(fieldOf(() => strictParameters({ _format: 'xml' }, []))).toBe('_format');
    expect(strictParameters({ _format: 'application/fhir+json' }, []).size).toBe(0);
  });

  it('takes the purpose of use from the parameter or the header: the node reasons, or HL7 codes mapped to them', () => {
    for (const reason of ACCESS_REASONS) {
      expect(purposeOfUse(reason, undefined)).toBe(reason);
      expect(
        purposeOfUse(undefined, `https://contactpoint.example/fhir/CodeSystem/access-reason|${reason}`),
      ).toBe(reason);
    }
    expect(purposeOfUse('http://terminology.hl7.org/CodeSystem/v3-ActReason|COC', undefined)).toBe(
      'contacting-another-practitioner',
    );
    expect(fieldOf(() => purposeOfUse(undefined, undefined))).toBe('_purposeOfUse');
    expect(fieldOf(() => purposeOfUse('curiosity', undefined))).toBe('_purposeOfUse');
    expect(
      fieldOf(() =>
        purposeOfUse('http://terminology.hl7.org/CodeSystem/v3-ActReason|constructor', undefined),
      ),
    ).toBe('_purposeOfUse');
    expect(fieldOf(() => purposeOfUse('safeguarding-concern', 'providing-a-service'))).toBe('_purposeOfUse');
  });

  it('reads counts and identifier tokens', () => {
    expect(countOf('20', 100)).toBe(20);
    for (const bad of ['0', '101', '-1', '1.5', 'ten', ''])
      expect(fieldOf(() => countOf(bad, 100))).toBe('_count');
    expect(identifierOf('https://fhir.nhs.uk/Id/nhs-number|9434765919', 'identifier')).toEqual({
      nhsNumber: '9434765919',
    });
    expect(fieldOf(() => identifierOf('9434765919', 'identifier'))).toBe('identifier');
  });
});

describe('AuditEvent date parameters', () => {
  it('gives each precision its whole span: a year, a month, a day, a minute, a second', () => {
    const span = (value: string) => {
      const period = periodOf(value);
      return period && [period.start.toISOString(), period.end.toISOString()];
    };
    expect(span('2026')).toEqual(['2026-01-01T00:00:00.000Z', '2027-01-01T00:00:00.000Z']);
    expect(span('2026-02')).toEqual(['2026-02-01T00:00:00.000Z', '2026-03-01T00:00:00.000Z']);
    expect(span('2026-12-31')).toEqual(['2026-12-31T00:00:00.000Z', '2027-01-01T00:00:00.000Z']);
    expect(span('2026-06-01T10:30+01:00')).toEqual(['2026-06-01T09:30:00.000Z', '2026-06-01T09:31:00.000Z']);
    expect(span('2026-06-01T10:30:15Z')).toEqual(['2026-06-01T10:30:15.000Z', '2026-06-01T10:30:16.000Z']);
    for (const bad of [
      '2026-02-30',
      '2026-13',
      '26-01-01',
      '2026-06-01T10:30',
      '2026-06-01T25:00Z',
      'today',
    ]) {
      expect([bad, periodOf(bad)]).toEqual([bad, null]);
    }
  });

  it('makes one window of ge/gt/le/lt/eq: an instant is in it exactly when it meets every bound', () => {
    const day = fc
      .date({ min: new Date('2000-01-01'), max: new Date('2001-12-31'), noInvalidDate: true })
      .map((date) => date.toISOString().slice(0, 10));
    const prefix = fc.constantFrom('ge', 'gt', 'le', 'lt', 'eq');
    const instant = fc.date({
      min: new Date('1999-12-25'),
      max: new Date('2002-01-07'),
      noInvalidDate: true,
    });
    const meets = (value: string, at: Date): boolean => {
      const period = periodOf(value.slice(2))!;
      switch (value.slice(0, 2)) {
        case 'ge':
          return at >= period.start;
        case 'gt':
          return at >= period.end;
        case 'le':
          return at < period.end;
        case 'lt':
          return at < period.start;
        default:
          return at >= period.start && at < period.end;
      }
    };
    fc.assert(
      fc.property(prefix, day, prefix, day, instant, (p1, d1, p2, d2, at) => {
        const values = [`${p1}${d1}`, `${p2}${d2}`];
        const { from, to } = dateWindowOf(values);
        const inside = (!from || at >= from) && (!to || at < to);
        expect(inside).toBe(values.every((value) => meets(value, at)));
      }),
      { numRuns: 500 },
    );
  });

  it('turns the query into the auditors’ filters, naming any bad parameter', () => {
    const filter = auditQueryOf({
      patient: 'Patient/6a3c1b9e-3d7f-4f55-9d4e-0b1f2a3c4d5e',
      agent: 'system',
      date: 'ge2026-01-01',
      _count: '10',
      _cursor: '7',
    });
    expect(filter).toMatchObject({
      childId: '6a3c1b9e-3d7f-4f55-9d4e-0b1f2a3c4d5e',
      actorId: 'system',
      limit: 10,
      afterSequence: 7,
      from: new Date('2026-01-01T00:00:00Z'),
    });
    expect(fieldOf(() => auditQueryOf({ patient: 'Patient/1' }))).toBe('patient');
    expect(fieldOf(() => auditQueryOf({ _cursor: 'abc' }))).toBe('_cursor');
    expect(fieldOf(() => auditQueryOf({ entity: 'x' }))).toBe('entity');
  });
});
