import type { FastifyInstance, FastifyRequest } from 'fastify';
import { PayloadTooLargeException, UnsupportedMediaTypeException } from '@nestjs/common';
import { InvalidInputError } from '@cp/errors';
import {
  findUntrustedInputProblem,
  HTTP_BODY_DRAIN_LIMIT_BYTES,
  HTTP_BODY_LIMIT_BYTES,
  JSON_MAX_DEPTH,
  jsonNestingDepth,
} from './untrusted-input';

export interface BodyLimits {
  bodyLimitBytes: number;
  maxDepth: number;
  drainLimitBytes: number;
}

export const DEFAULT_BODY_LIMITS: BodyLimits = {
  bodyLimitBytes: HTTP_BODY_LIMIT_BYTES,
  maxDepth: JSON_MAX_DEPTH,
  drainLimitBytes: HTTP_BODY_DRAIN_LIMIT_BYTES,
};

/**
 * Bodies refused before any route runs. Depending on how the app was built, Fastify answers them itself
 * (from statusCode and message) or hands them to Nest's error filter (from the type), so each carries both:
 * a 400 is an InvalidInputError naming the field, a 413 or 415 is Nest's own exception for that status.
 */
export class BodyRefusedError extends InvalidInputError {
  readonly statusCode = 400;

  static override field(field: string, rule: string, message: string): BodyRefusedError {
    return new BodyRefusedError(message, [{ field, rule, message }]);
  }
}

export class BodyTooLargeError extends PayloadTooLargeException {
  readonly statusCode = 413;
}

export class BodyTypeRefusedError extends UnsupportedMediaTypeException {
  readonly statusCode = 415;
}

/** Parses a complete JSON text within the limits: depth is measured before JSON.parse, keys and text after. */
export function parseJsonBody(text: string, limits: Pick<BodyLimits, 'maxDepth'>): unknown {
  if (text.trim() === '') throw BodyRefusedError.field('body', 'json', 'The JSON body is empty');
  if (jsonNestingDepth(text, limits.maxDepth) > limits.maxDepth) {
    throw BodyRefusedError.field('body', 'jsonDepth', `JSON nested deeper than ${limits.maxDepth} levels`);
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw BodyRefusedError.field('body', 'json', 'The body is not valid JSON');
  }
  const problem = findUntrustedInputProblem(body);
  if (problem) throw new BodyRefusedError(problem.message, [problem]);
  return body;
}

type Done = (error: Error | null, body?: unknown) => void;

/**
 * Reads a body to its end (up to the drain limit) before answering, so a client still sending reads the
 * 413 instead of a connection reset; keeps at most `bodyLimitBytes` of it.
 */
function readBody(
  payload: NodeJS.ReadableStream,
  limits: BodyLimits,
  done: (error: Error | null, text?: string) => void,
): void {
  const chunks: Buffer[] = [];
  let received = 0;
  let settled = false;
  const finish = (error: Error | null, text?: string): void => {
    if (settled) return;
    settled = true;
    done(error, text);
  };
  payload.on('data', (chunk: Buffer) => {
    received += chunk.length;
    if (received > limits.drainLimitBytes) {
      // Far too large to read on: answer now (the client may see the connection close).
      payload.removeAllListeners('data');
      finish(tooLarge(limits));
      return;
    }
    if (received <= limits.bodyLimitBytes) chunks.push(chunk);
  });
  payload.on('end', () => {
    if (received > limits.bodyLimitBytes) finish(tooLarge(limits));
    else finish(null, Buffer.concat(chunks).toString('utf8'));
  });
  payload.on('error', () => finish(BodyRefusedError.field('body', 'readable', 'The body could not be read')));
}

function tooLarge(limits: BodyLimits): Error {
  return new BodyTooLargeError(`The body is larger than ${limits.bodyLimitBytes} bytes`);
}

/**
 * Replaces Fastify's body parsers: application/json within the limits above; any other type read to its end
 * and refused with 415; each refusal names the problem (see BodyRefusedError).
 */
export function registerBodyParsers(
  instance: FastifyInstance,
  limits: BodyLimits = DEFAULT_BODY_LIMITS,
): void {
  instance.removeAllContentTypeParsers();
  const declared = (request: FastifyRequest): number => Number(request.headers['content-length'] ?? 0);
  // application/fhir+json is JSON too: the node's FHIR interface (/fhir) receives it.
  instance.addContentTypeParser(
    ['application/json', 'application/fhir+json'],
    { bodyLimit: limits.drainLimitBytes },
    (request: FastifyRequest, payload: NodeJS.ReadableStream, done: Done) => {
      if (declared(request) > limits.drainLimitBytes) return done(tooLarge(limits));
      readBody(payload, limits, (error, text) => {
        if (error) return done(error);
        try {
          done(null, parseJsonBody(text ?? '', limits));
        } catch (parseError) {
          done(parseError as Error);
        }
      });
    },
  );
  instance.addContentTypeParser(
    '*',
    { bodyLimit: limits.drainLimitBytes },
    (request: FastifyRequest, payload: NodeJS.ReadableStream, done: Done) => {
      const unsupported = new BodyTypeRefusedError('The body must be application/json');
      if (declared(request) > limits.drainLimitBytes) return done(unsupported);
      readBody(payload, limits, () => done(unsupported));
    },
  );
}
