import fc from 'fast-check';
import type { Operation, Schema } from './openapi-operations';

/**
 * fast-check arbitraries for an operation's requests: values that fit the schema (so requests get past
 * validation and reach the service) and malformed ones (every way a careless or hostile client breaks it).
 */

/** Values a test knows exist (a record's id, an LA code), offered by field or parameter name. */
export type Hints = (name: string) => fc.Arbitrary<unknown> | undefined;

export const noHints: Hints = () => undefined;

/** A calendar date from 1990 up to today (dates of birth may not be in the future). */
const isoDate = fc
  .date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date(), noInvalidDate: true })
  .map((date) => date.toISOString().slice(0, 10));

/**
 * A string for a field: mostly what the field expects (its example, a date, an id), so whole bodies pass
 * validation often enough to reach the services; sometimes any text.
 */
function validString(name: string, schema: Schema): fc.Arbitrary<unknown> {
  const fitting: fc.Arbitrary<unknown>[] = [];
  if (schema.example !== undefined) fitting.push(fc.constant(schema.example));
  if (/date|On$/i.test(name) || schema.format === 'date') fitting.push(isoDate);
  if (/id$/i.test(name) || schema.format === 'uuid') fitting.push(fc.uuid());
  const any = fc.string({ minLength: 1, maxLength: 40 });
  if (fitting.length === 0) return any;
  return fc.oneof({ weight: 1, arbitrary: any }, { weight: 6, arbitrary: fc.oneof(...fitting) });
}

/** A value that fits the schema (at the level of types, enums and required fields). */
export function validValue(
  schema: Schema,
  hints: Hints = noHints,
  name = '',
  depth = 0,
): fc.Arbitrary<unknown> {
  const hinted = name ? hints(name) : undefined;
  if (hinted) return hinted;
  const base = ((): fc.Arbitrary<unknown> => {
    if (schema.enum?.length) return fc.constantFrom(...schema.enum);
    switch (schema.type) {
      case 'string':
        return validString(name, schema);
      case 'integer':
        return fc.integer({ min: schema.minimum ?? 0, max: schema.maximum ?? 1000 });
      case 'number':
        return fc.integer({ min: schema.minimum ?? 0, max: schema.maximum ?? 1000 });
      case 'boolean':
        return fc.boolean();
      case 'array':
        return depth > 4
          ? fc.constant([])
          : fc.array(validValue(schema.items ?? { type: 'string' }, hints, name, depth + 1), {
              maxLength: 3,
            });
      default:
        return validObject(schema, hints, depth);
    }
  })();
  return schema.nullable ? fc.oneof(base, base, fc.constant(null)) : base;
}

function validObject(schema: Schema, hints: Hints, depth: number): fc.Arbitrary<unknown> {
  const properties = schema.properties ?? {};
  if (depth > 4 || Object.keys(properties).length === 0) return fc.constant({});
  const required = new Set(schema.required ?? []);
  const record: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [key, value] of Object.entries(properties))
    record[key] = validValue(value, hints, key, depth + 1);
  return fc.record(record, { requiredKeys: [...required].filter((key) => key in properties) });
}

/** Values of the wrong kind for almost any field. */
export const WRONG_VALUES: readonly unknown[] = [
  null,
  0,
  -1,
  1.5,
  1e308,
  '99999999999999999999999999',
  true,
  '',
  'x',
  'a\u0000b',
  '\u0000',
  '\ud800',
  '<script>alert(1)</script>',
  "' OR 1=1 --",
  [],
  [[]],
  ['x'],
  [{}],
  {},
  { nested: { deeper: [1, 'x'] } },
];

/** Keys a client could send to reach an object's prototype or confuse a service. */
export const HOSTILE_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'caseNotes',
];

/** A JSON text nested `levels` deep, with nothing else in it (a few KB that can overflow a recursive walk). */
export function deeplyNested(levels: number, kind: 'array' | 'object'): string {
  return kind === 'array'
    ? `${'['.repeat(levels)}${']'.repeat(levels)}`
    : `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;
}

/** Every place in a value where a field sits: paths of keys and indexes. */
function fieldPaths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== 'object') return prefix.length ? [prefix] : [];
  const entries: [string | number, unknown][] = Array.isArray(value)
    ? value.map((item, index) => [index, item])
    : Object.entries(value);
  const own = prefix.length ? [prefix] : [];
  return [...own, ...entries.flatMap(([key, item]) => fieldPaths(item, [...prefix, key]))];
}

function setAt(
  target: unknown,
  path: (string | number)[],
  update: (parent: Record<string | number, unknown>, key: string | number) => void,
): void {
  let node = target as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  update(node, path[path.length - 1]);
}

/** Adds an own, enumerable property (even `__proto__`), so JSON.stringify writes it. */
function defineOwn(target: Record<string | number, unknown>, key: string | number, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

export const BODY_MUTATIONS = [
  'wrong-type',
  'missing-field',
  'extra-field',
  'hostile-key',
  'nul-char',
  'huge-string',
  'array-for-object',
] as const;

/** A valid body changed in one place. Returns the JSON text and what was done to it. */
export function mutatedBody(schema: Schema, hints: Hints): fc.Arbitrary<{ text: string; variant: string }> {
  return fc
    .tuple(
      validValue(schema, hints),
      fc.constantFrom(...BODY_MUTATIONS),
      fc.nat(),
      fc.constantFrom(...WRONG_VALUES),
      fc.constantFrom(...HOSTILE_KEYS),
    )
    .map(([valid, mutation, pick, wrong, hostile]) => {
      const value = structuredClone(valid) as Record<string, unknown>;
      const paths = fieldPaths(value);
      const path = paths.length ? paths[pick % paths.length] : undefined;
      const where = path ? path.join('.') : '(body)';
      switch (mutation) {
        case 'wrong-type':
          if (!path) return { text: JSON.stringify(wrong), variant: `body is ${JSON.stringify(wrong)}` };
          setAt(value, path, (parent, key) => (parent[key] = structuredClone(wrong)));
          return { text: JSON.stringify(value), variant: `${where} = ${JSON.stringify(wrong)}` };
        case 'missing-field': {
          const required = schema.required ?? [];
          const key = required.length ? required[pick % required.length] : Object.keys(value)[0];
          if (key !== undefined) delete value[key];
          return { text: JSON.stringify(value), variant: `missing ${key ?? '(nothing)'}` };
        }
        case 'extra-field':
        case 'hostile-key': {
          const key = mutation === 'hostile-key' ? hostile : `unexpected${pick % 100}`;
          const objects = [[], ...paths].filter((candidate) => {
            let node: unknown = value;
            for (const part of candidate) node = (node as Record<string | number, unknown>)[part];
            return node !== null && typeof node === 'object' && !Array.isArray(node);
          });
          const at = objects[pick % objects.length];
          let node = value as Record<string | number, unknown>;
          for (const part of at) node = node[part] as Record<string | number, unknown>;
          defineOwn(node, key, mutation === 'hostile-key' ? { polluted: true } : 'x');
          return { text: JSON.stringify(value), variant: `extra key ${key} at ${at.join('.') || '(body)'}` };
        }
        case 'nul-char':
        case 'huge-string': {
          const strings = paths.filter((candidate) => {
            let node: unknown = value;
            for (const part of candidate) node = (node as Record<string | number, unknown>)[part];
            return typeof node === 'string';
          });
          const target = strings.length ? strings[pick % strings.length] : undefined;
          const text = mutation === 'nul-char' ? `Na\u0000me${pick % 10}` : 'x'.repeat(100_000);
          if (target) setAt(value, target, (parent, key) => (parent[key] = text));
          return {
            text: JSON.stringify(value),
            variant: `${mutation} at ${target?.join('.') ?? '(no string field)'}`,
          };
        }
        case 'array-for-object': {
          if (!path) return { text: '[]', variant: 'body is []' };
          setAt(value, path, (parent, key) => (parent[key] = pick % 2 ? [] : [parent[key]]));
          return { text: JSON.stringify(value), variant: `${where} wrapped in an array` };
        }
      }
    });
}

/** Bodies that are not the operation's JSON at all. */
export const RAW_BODIES: readonly { text: string; variant: string; contentType?: string }[] = [
  { text: '', variant: 'empty body' },
  { text: '{', variant: 'invalid JSON' },
  { text: 'null', variant: 'body null' },
  { text: '"text"', variant: 'body a string' },
  { text: '12345678901234567890', variant: 'body a number' },
  { text: '[{}]', variant: 'body an array' },
  { text: deeplyNested(3000, 'array'), variant: 'arrays nested 3000 deep' },
  { text: deeplyNested(3000, 'object'), variant: 'objects nested 3000 deep' },
  { text: '{"__proto__":{"admin":true}}', variant: '__proto__ key' },
  { text: '{"constructor":{"prototype":{"admin":true}}}', variant: 'constructor.prototype key' },
  { text: JSON.stringify({ x: 'y'.repeat(400_000) }), variant: 'body over the size limit' },
  { text: 'a=1&b=2', variant: 'form encoding', contentType: 'application/x-www-form-urlencoded' },
  { text: '{"a":1}', variant: 'text/plain', contentType: 'text/plain' },
  { text: '\u0000\u0001\u0002', variant: 'control bytes' },
];

/** Path parameter values: known ones (hints), random ids, and malformed text (already URL-encoded). */
export function pathValue(name: string, hints: Hints): fc.Arbitrary<{ text: string; variant: string }> {
  const known = hints(name);
  const valid = fc
    .oneof(...(known ? [known, known] : []), fc.uuid())
    .map((value) => ({ text: encodeLoosely(String(value)), variant: `${name} valid` }));
  const upper = (known ?? fc.uuid()).map((value) => ({
    text: encodeLoosely(String(value).toUpperCase()),
    variant: `${name} upper case`,
  }));
  const malformed = fc
    .constantFrom(
      'x',
      '0',
      '-1',
      '9'.repeat(40),
      'null',
      '%00',
      'a%00b',
      '..%2F..%2Fetc',
      '%E2%82%AC',
      "'%20OR%201=1",
      'a'.repeat(3000),
      '%7B00000000-0000-0000-0000-000000000000%7D',
      '00000000-0000-0000-0000-00000000000g',
      '%ZZ',
    )
    .map((text) => ({ text, variant: `${name} malformed ${text.slice(0, 20)}` }));
  return fc.oneof(valid, upper, malformed);
}

/** encodeURIComponent, except that a lone surrogate becomes the invalid UTF-8 bytes it would be. */
export function encodeLoosely(value: string): string {
  return [...value]
    .map((character) => {
      try {
        return encodeURIComponent(character);
      } catch {
        return '%ED%A0%80';
      }
    })
    .join('');
}

/** A query string: declared parameters (valid or not), repeated ones, unknown ones. */
export function queryString(
  operation: Operation,
  hints: Hints,
): fc.Arbitrary<{ text: string; variant: string }> {
  const declared = operation.query.map((parameter) =>
    fc
      .oneof(
        { weight: 3, arbitrary: validValue(parameter.schema, hints, parameter.name).map((v) => [String(v)]) },
        {
          weight: 1,
          arbitrary: fc
            .constantFrom(...WRONG_VALUES)
            .map((v) => [typeof v === 'string' ? v : JSON.stringify(v)]),
        },
        { weight: 1, arbitrary: fc.constant(['a', 'b']) },
        { weight: parameter.required ? 1 : 3, arbitrary: fc.constant([] as string[]) },
      )
      .map((values) =>
        values.map((value) => `${encodeURIComponent(parameter.name)}=${encodeLoosely(value)}`),
      ),
  );
  const commonNames = [
    'limit',
    'afterSequence',
    'before',
    'from',
    'to',
    'reason',
    'page',
    '__proto__',
    'constructor',
  ];
  const undeclared = fc
    .array(
      fc.tuple(
        fc.constantFrom(...commonNames),
        fc.constantFrom(
          'abc',
          '-1',
          '0',
          '1',
          '99999999999999999999999',
          '1e9',
          '',
          'a\u0000b',
          'x'.repeat(5000),
        ),
      ),
      { maxLength: 2 },
    )
    .map((pairs) => pairs.map(([key, value]) => `${key}=${encodeLoosely(value)}`));
  return fc.tuple(fc.tuple(...declared), undeclared).map(([parts, extra]) => {
    const all = [...parts.flat(), ...extra];
    return {
      text: all.length ? `?${all.join('&')}` : '',
      variant: extra.length ? `query + ${extra.length} undeclared` : 'query',
    };
  });
}
