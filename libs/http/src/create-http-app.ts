import {
  ValidationPipe,
  type ArgumentMetadata,
  type DynamicModule,
  type INestApplication,
  type LogLevel,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import type { LogLevelSetting } from '@cp/config';
import type { FastifyHttpsOptions, FastifyInstance } from 'fastify';
import type { Server } from 'node:https';
import { HttpErrorFilter, InvalidInputError, validationExceptionFactory } from '@cp/errors';
import { registerBodyParsers } from './json-body-parser';
import { findUntrustedInputProblem, HTTP_BODY_LIMIT_BYTES } from './untrusted-input';

export const API_PREFIX = 'api/v1';

/** Routes served outside API_PREFIX: health, metrics, and a node's FHIR interface at /fhir (a FHIR base). */
export const UNPREFIXED_ROUTES = ['health/live', 'health/ready', 'metrics', 'fhir', 'fhir/*path'] as const;

export interface HttpAppOptions {
  title: string;
  description: string;
  logLevels?: LogLevel[];
}

/**
 * The ValidationPipe, after one check on every body, query and path parameter before class-transformer sees
 * it: no key naming an inherited property (`constructor`, `__proto__`...) and no character PostgreSQL's text
 * refuses (NUL) or would alter (an unpaired surrogate), anywhere; a 400 naming the field.
 */
export class UntrustedInputValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' || metadata.type === 'query' || metadata.type === 'param') {
      const problem = findUntrustedInputProblem(value, metadata.data ?? '', metadata.type);
      if (problem) throw new InvalidInputError(problem.message, [problem]);
    }
    return (await super.transform(value, metadata)) as unknown;
  }
}

/** The global pipe: unknown fields refused, payloads transformed into their DTO classes. */
export function globalValidationPipe(): ValidationPipe {
  return new UntrustedInputValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    forbidUnknownValues: true,
    exceptionFactory: validationExceptionFactory,
  });
}

/** Applies what every HTTP app of the federation shares, so tests and production boot the same app. */
export function configureHttpApp(app: INestApplication, options: HttpAppOptions): void {
  if (!(app.getHttpAdapter() instanceof FederationFastifyAdapter)) {
    // Its body parsers are what keep a deep or huge body from reaching the validation pipe.
    throw new Error('An HTTP app of the federation is built on fastifyAdapter()');
  }
  app.setGlobalPrefix(API_PREFIX, { exclude: [...UNPREFIXED_ROUTES] });
  app.useGlobalPipes(globalValidationPipe());
  app.useGlobalFilters(new HttpErrorFilter());
  app.enableShutdownHooks();
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle(options.title)
      .setDescription(options.description)
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup(`${API_PREFIX}/docs`, app, document, { jsonDocumentUrl: `${API_PREFIX}/openapi.json` });
}

/**
 * Fastify as every app of the federation uses it. Nest registers its body parsers at init; this adapter then
 * replaces them with @cp/http's: JSON within a size and depth limit, read to its end before any 413, other
 * body types refused with 415 (see json-body-parser.ts).
 */
export class FederationFastifyAdapter extends FastifyAdapter {
  private bodyParsersReplaced = false;

  override registerParserMiddleware(prefix?: string, rawBody?: boolean): void {
    super.registerParserMiddleware(prefix, rawBody);
    if (this.bodyParsersReplaced) return;
    registerBodyParsers(this.getInstance<FastifyInstance>());
    this.bodyParsersReplaced = true;
  }
}

/**
 * `trustedProxies`: addresses/CIDRs whose X-Forwarded-For is believed (Fastify's trustProxy); by default
 * none, so the client is always the connection's peer.
 */
export function fastifyAdapter(
  https?: FastifyHttpsOptions<Server>['https'],
  trustedProxies: string[] | false = false,
): FederationFastifyAdapter {
  // Request ids are random, so logs can tie lines together without naming anyone.
  return new FederationFastifyAdapter({
    genReqId: () => randomUUID(),
    bodyLimit: HTTP_BODY_LIMIT_BYTES,
    trustProxy: trustedProxies,
    ...(https ? { https } : {}),
  });
}

export async function createHttpApp(
  module: DynamicModule,
  options: HttpAppOptions,
): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(module, fastifyAdapter(), {
    logger: options.logLevels ?? ['error', 'warn', 'log'],
    bufferLogs: false,
  });
  configureHttpApp(app, options);
  return app;
}

const LEVELS: LogLevel[] = ['error', 'warn', 'log', 'debug'];

/** The log levels at and above a setting such as "log". */
export function logLevelsFrom(level: LogLevelSetting): LogLevel[] {
  return LEVELS.slice(0, LEVELS.indexOf(level) + 1);
}
