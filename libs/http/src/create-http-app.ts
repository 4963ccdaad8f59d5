import { ValidationPipe, type DynamicModule, type INestApplication, type LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import type { LogLevelSetting } from '@cp/config';
import { HttpErrorFilter, validationExceptionFactory } from '@cp/errors';

export const API_PREFIX = 'api/v1';

export interface HttpAppOptions {
  title: string;
  description: string;
  logLevels?: LogLevel[];
}

/** The global pipe: unknown fields refused, payloads transformed into their DTO classes. */
export function globalValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    forbidUnknownValues: true,
    exceptionFactory: validationExceptionFactory,
  });
}

/** Applies what every HTTP app of the federation shares, so tests and production boot the same app. */
export function configureHttpApp(app: INestApplication, options: HttpAppOptions): void {
  app.setGlobalPrefix(API_PREFIX, { exclude: ['health/live', 'health/ready', 'metrics'] });
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

export function fastifyAdapter(): FastifyAdapter {
  // Request ids are random, so logs can tie lines together without naming anyone.
  return new FastifyAdapter({ genReqId: () => randomUUID(), bodyLimit: 256 * 1024, trustProxy: false });
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
