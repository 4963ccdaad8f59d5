import { INDEX_OPERATIONS, TOKEN_KIND_CODES, type IndexEventBody, type IndexOperation } from '@cp/contract';

/** A well-formed index event, with its tokens in the hub's storage form. */
export interface IndexEvent {
  sequence: bigint;
  operation: IndexOperation;
  childId: string | null;
  version: number;
  shielded: boolean;
  tokens: { kind: number; value: string }[];
  createdAt: Date;
  snapshot: bigint | null;
}

export class MalformedIndexEventError extends Error {
  constructor(readonly field: string) {
    super(`Malformed index event: ${field}`);
    this.name = 'MalformedIndexEventError';
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const INT64 = /^-?\d{1,19}$/;
const SEQUENCE = /^\d{1,19}$/;
export const MAX_TOKENS_PER_ENTRY = 256;

/** A signed 64-bit integer in decimal: what a bigint column takes (a value out of range would be refused
 * by PostgreSQL on every redelivery). */
export function isInt64(value: string): boolean {
  if (!INT64.test(value)) return false;
  const number = BigInt(value);
  return number >= -(2n ** 63n) && number < 2n ** 63n;
}

function isKind(kind: unknown): kind is keyof typeof TOKEN_KIND_CODES {
  return typeof kind === 'string' && Object.prototype.hasOwnProperty.call(TOKEN_KIND_CODES, kind);
}

/** Checks every field of a (verified) event body; the hub stores nothing it has not checked. */
export function parseIndexEvent(value: unknown): IndexEvent {
  if (typeof value !== 'object' || value === null) throw new MalformedIndexEventError('body');
  const body = value as Partial<Record<keyof IndexEventBody, unknown>>;
  const fail = (field: string): never => {
    throw new MalformedIndexEventError(field);
  };
  if (typeof body.sequence !== 'string' || !SEQUENCE.test(body.sequence)) fail('sequence');
  if (!(INDEX_OPERATIONS as readonly unknown[]).includes(body.operation)) fail('operation');
  const operation = body.operation as IndexOperation;
  const needsChild = operation === 'upsert' || operation === 'delete';
  if (needsChild ? typeof body.childId !== 'string' || !UUID.test(body.childId) : body.childId !== null)
    fail('childId');
  if (typeof body.version !== 'number' || !Number.isInteger(body.version) || body.version < 0)
    fail('version');
  if (typeof body.shielded !== 'boolean') fail('shielded');
  if (!Array.isArray(body.tokens) || body.tokens.length > MAX_TOKENS_PER_ENTRY) fail('tokens');
  const tokens = (body.tokens as unknown[]).map((item) => {
    const token = item as { kind?: unknown; value?: unknown };
    if (!isKind(token?.kind) || typeof token.value !== 'string' || !isInt64(token.value)) fail('tokens');
    return {
      kind: TOKEN_KIND_CODES[token.kind as keyof typeof TOKEN_KIND_CODES],
      value: token.value as string,
    };
  });
  if (operation !== 'upsert' && tokens.length > 0) fail('tokens');
  const createdAt = typeof body.createdAt === 'string' ? new Date(body.createdAt) : new Date(NaN);
  if (Number.isNaN(createdAt.getTime())) fail('createdAt');
  if (body.snapshot !== null && (typeof body.snapshot !== 'string' || !SEQUENCE.test(body.snapshot)))
    fail('snapshot');
  const sequence = BigInt(body.sequence as string);
  if (sequence > 2n ** 63n - 1n) fail('sequence');
  return {
    sequence,
    operation,
    childId: (body.childId as string | null) ?? null,
    version: body.version as number,
    shielded: body.shielded as boolean,
    // One token value once per entry (the table's key); the node already removes duplicates.
    tokens: [...new Map(tokens.map((token) => [token.value, token])).values()],
    createdAt,
    snapshot: typeof body.snapshot === 'string' ? BigInt(body.snapshot) : null,
  };
}
