/**
 * Checks on input before any framework code walks it: how deeply JSON nests (measured on the text, before
 * JSON.parse, so a deep body never reaches a recursive walker), keys that name a property every object
 * inherits (refused anywhere in a body or query), and characters PostgreSQL's text refuses or would alter.
 * Framework-free: the body parser and the validation pipe both use these.
 */

/** How deeply JSON may nest: a record is at most 4 levels deep (child > carers > carer > contact). */
export const JSON_MAX_DEPTH = 32;

/** The largest JSON body accepted, in bytes. */
export const HTTP_BODY_LIMIT_BYTES = 256 * 1024;

/** A body up to this size is read to its end before a 413, so the client reads the answer, not a reset. */
export const HTTP_BODY_DRAIN_LIMIT_BYTES = 16 * 1024 * 1024;

/** One problem with one field, in the shape @cp/errors uses. */
export interface InputProblem {
  field: string;
  rule: string;
  message: string;
}

/**
 * The deepest nesting of arrays and objects in a JSON text, counting only brackets outside strings; stops
 * counting (and returns a value above `limit`) as soon as `limit` is passed, so it is linear and bounded.
 */
export function jsonNestingDepth(text: string, limit = Number.POSITIVE_INFINITY): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const char = text.charCodeAt(index);
    if (inString) {
      if (char === 0x5c /* \ */) index++;
      else if (char === 0x22 /* " */) inString = false;
    } else if (char === 0x22) {
      inString = true;
    } else if (char === 0x5b /* [ */ || char === 0x7b /* { */) {
      depth++;
      if (depth > deepest) {
        deepest = depth;
        if (deepest > limit) return deepest;
      }
    } else if (char === 0x5d /* ] */ || char === 0x7d /* } */) {
      depth--;
    }
  }
  return deepest;
}

/** Names no object may use as a key: each is a property every object has (`__proto__`, `constructor`...). */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set([
  ...Object.getOwnPropertyNames(Object.prototype),
  'prototype',
]);

/** NUL (PostgreSQL text cannot hold it) and unpaired surrogates (not UTF-8: they would be stored altered). */
const UNPAIRED_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function hasUnstorableCharacter(text: string): boolean {
  return text.includes('\u0000') || UNPAIRED_SURROGATE.test(text);
}

/**
 * The first problem in an untrusted value (a parsed body, query or path parameters): a forbidden key or a
 * string (or key) PostgreSQL cannot store. `root` is the path of the value itself (a named query parameter),
 * `label` what to call it when it has none ("body", "query"). Walks without recursion, so no input can overflow the stack.
 * Names the field by its path ("carers.0.name"), never the value.
 */
export function findUntrustedInputProblem(value: unknown, root = '', label = 'body'): InputProblem | null {
  const pending: { value: unknown; path: string }[] = [{ value, path: root }];
  while (pending.length > 0) {
    const { value: current, path } = pending.pop()!;
    const where = path || label;
    if (typeof current === 'string') {
      if (hasUnstorableCharacter(current)) {
        return {
          field: where,
          rule: 'storableCharacters',
          message: `${where} contains a character that cannot be stored (NUL or an unpaired surrogate)`,
        };
      }
    } else if (typeof current === 'object' && current !== null) {
      for (const key of Object.keys(current)) {
        if (FORBIDDEN_KEYS.has(key)) {
          const field = path ? `${path}.${key}` : key;
          return { field, rule: 'forbiddenKey', message: `${field} is not an allowed field name` };
        }
        if (hasUnstorableCharacter(key)) {
          return {
            field: where,
            rule: 'storableCharacters',
            message: `${where} has a field name with a character that cannot be stored`,
          };
        }
        pending.push({
          value: (current as Record<string, unknown>)[key],
          path: path ? `${path}.${key}` : key,
        });
      }
    }
  }
  return null;
}
