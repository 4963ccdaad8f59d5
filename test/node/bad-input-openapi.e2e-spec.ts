import request from 'supertest';
import 'reflect-metadata';
import { RequestMethod, type INestApplication } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { ModulesContainer } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { getMetadataStorage } from 'class-validator';
import { DataSource } from 'typeorm';
import { JSON_MAX_DEPTH } from '@cp/http';
import { createHubApp } from '../../apps/hub/src/bootstrap';
import { HubSettings } from '../../apps/hub/src/config/hub-settings';
import { createTestDatabase } from '../support/test-database';
import { startNodeApp } from '../support/node-app';

interface Operation {
  parameters?: { in: string; name: string }[];
  requestBody?: { content?: { 'application/json'?: { schema?: { $ref?: string } } } };
}
interface OpenApi {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
}

jest.setTimeout(60_000);

/** Properties class-validator checks on a DTO class, inherited ones included. */
function validatedProperties(type: unknown): string[] {
  if (typeof type !== 'function') return [];
  const metadata = getMetadataStorage().getTargetValidationMetadatas(type, '', true, false);
  return [...new Set(metadata.map((entry) => entry.propertyName))].sort();
}

const PARAM_KINDS: Partial<Record<RouteParamtypes, 'path' | 'query' | 'body'>> = {
  [RouteParamtypes.PARAM]: 'path',
  [RouteParamtypes.QUERY]: 'query',
  [RouteParamtypes.BODY]: 'body',
};

/**
 * For every route of the app, what the OpenAPI document should declare: each `{name}` of its path as a path
 * parameter, and every validated field of each @Param(), @Query() and @Body() DTO in its parameters or schema.
 */
function openApiGaps(app: INestApplication, document: OpenApi): string[] {
  const gaps: string[] = [];
  for (const [path, operations] of Object.entries(document.paths)) {
    const names = [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]);
    for (const [method, operation] of Object.entries(operations)) {
      const declared = (operation.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name);
      for (const name of names.filter((n) => !declared.includes(n)))
        gaps.push(`${method} ${path}: path {${name}}`);
    }
  }
  let routes = 0;
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: never[]) => object) | null;
      if (!controller) continue;
      const base = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
      for (const handler of Object.getOwnPropertyNames(controller.prototype)) {
        const fn = (controller.prototype as Record<string, unknown>)[handler];
        if (handler === 'constructor' || typeof fn !== 'function') continue;
        const methodCode = Reflect.getMetadata(METHOD_METADATA, fn) as RequestMethod | undefined;
        if (methodCode === undefined) continue;
        const sub = String(Reflect.getMetadata(PATH_METADATA, fn) ?? '');
        const route = `/${[base, sub].filter((part) => part && part !== '/').join('/')}`.replace(
          /:(\w+)/g,
          '{$1}',
        );
        const operation =
          document.paths[`/api/v1${route === '/' ? '' : route}`]?.[RequestMethod[methodCode].toLowerCase()] ??
          document.paths[route]?.[RequestMethod[methodCode].toLowerCase()];
        if (!operation) continue; // excluded from the document on purpose (none today)
        routes += 1;
        const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, handler) ?? {}) as Record<
          string,
          { index: number; data?: unknown }
        >;
        const types = (Reflect.getMetadata('design:paramtypes', controller.prototype, handler) ??
          []) as unknown[];
        for (const [key, arg] of Object.entries(args)) {
          const kind = PARAM_KINDS[Number(key.split(':')[0]) as RouteParamtypes];
          if (!kind || arg.data !== undefined) continue;
          const fields = validatedProperties(types[arg.index]);
          const present =
            kind === 'body'
              ? Object.keys(
                  document.components.schemas[
                    (operation.requestBody?.content?.['application/json']?.schema?.$ref ?? '')
                      .split('/')
                      .pop() ?? ''
                  ]?.properties ?? {},
                )
              : (operation.parameters ?? []).filter((p) => p.in === kind).map((p) => p.name);
          for (const field of fields.filter((f) => !present.includes(f))) {
            gaps.push(`${RequestMethod[methodCode]} ${route}: ${kind} field ${field}`);
          }
        }
      }
    }
  }
  expect(routes).toBeGreaterThan(5);
  return gaps;
}

describe('OpenAPI complete, and the hub refuses bad bodies like the node', () => {
  it('node: every route declares its path parameters, and every validated field of its DTOs', async () => {
    const database = await createTestDatabase();
    const app = await startNodeApp({ DATABASE_URL: database.url });
    try {
      const document = (await request(app.getHttpServer()).get('/api/v1/openapi.json').expect(200))
        .body as OpenApi;
      expect(openApiGaps(app, document)).toEqual([]);
    } finally {
      await app.close();
      await database.drop();
    }
  });

  describe('hub', () => {
    let app: NestFastifyApplication;
    let database: { url: string; drop: () => Promise<void> };

    beforeAll(async () => {
      database = await createTestDatabase('cp_hub_bad');
      // No PKI: the hub serves plain HTTP locally, enough for its HTTP input handling.
      app = await createHubApp(Object.assign(new HubSettings(), { DATABASE_URL: database.url }), ['error']);
      await app.init();
      await app.getHttpAdapter().getInstance().ready();
    });

    afterAll(async () => {
      await app?.close();
      await database?.drop();
    });

    const rows = async (): Promise<number[]> => {
      const counts: number[] = [];
      for (const table of ['enrolment_token', 'issued_certificate']) {
        const [row] = await app
          .get(DataSource)
          .query<{ n: number }[]>(`SELECT count(*)::int AS n FROM ${table}`);
        counts.push(row.n);
      }
      return counts;
    };

    it('every route declares its path parameters, and every validated field of its DTOs', async () => {
      const document = (await request(app.getHttpServer()).get('/api/v1/openapi.json').expect(200))
        .body as OpenApi;
      expect(openApiGaps(app, document)).toEqual([]);
    });

    it.each([
      [
        'JSON 2,000 levels deep',
        `{"token":${'['.repeat(2000)}${']'.repeat(2000)}}`,
        400,
        `JSON nested deeper than ${JSON_MAX_DEPTH}`,
      ],
      ['a 1 MB body', JSON.stringify({ token: 'x'.repeat(1024 * 1024) }), 413, 'larger than'],
      [
        'NUL in the token',
        JSON.stringify({ token: 'a\u0000', csrPem: 'x' }),
        400,
        'token contains a character',
      ],
      [
        'a field named constructor',
        '{"token":"a","constructor":{}}',
        400,
        'constructor is not an allowed field name',
      ],
    ])(
      'POST /enrolments without credentials, %s: %i naming the problem, nothing written',
      async (_name, body, status, message) => {
        const before = await rows();
        const response = await request(app.getHttpServer())
          .post('/api/v1/enrolments')
          .set('content-type', 'application/json')
          .send(body);
        expect(response.status).toBe(status);
        expect((response.body as { message: string }).message).toContain(message);
        expect(await rows()).toEqual(before);
      },
    );
  });
});
