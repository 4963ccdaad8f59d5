import request from 'supertest';
import { randomUUID } from 'node:crypto';
import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { MetadataScanner, ModulesContainer } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { PUBLIC_KEY, ROLES_KEY } from '../../apps/node/src/access/access.decorators';
import { ROLES, type Role } from '../../apps/node/src/access/roles';
import { createTestDatabase } from '../support/test-database';
import { startNodeApp } from '../support/node-app';
import { bearerFor } from '../support/auth';

const PRACTICE: Role[] = ['practitioner', 'data-manager', 'shielding-officer'];
const EVERYONE: Role[] = [...ROLES];

/**
 * THE access matrix: every route of the node and who may call it. A route missing here, or here but not in
 * the app, fails the suite; so does a role reaching a route it is not listed for.
 * 'enrolment' routes take only an enrolment token (any role); 'public' routes take no token.
 */
const MATRIX: { route: string; allowed: Role[] | 'public' | 'enrolment' }[] = [
  { route: 'GET /health/live', allowed: 'public' },
  { route: 'GET /health/ready', allowed: 'public' },
  { route: 'GET /metrics', allowed: 'public' },
  { route: 'GET /web/config', allowed: 'public' },
  { route: 'POST /auth/sign-in', allowed: 'public' },
  { route: 'GET /auth/oidc/config', allowed: 'public' },
  { route: 'GET /auth/oidc/start', allowed: 'public' },
  { route: 'GET /auth/oidc/callback', allowed: 'public' },
  { route: 'POST /auth/oidc/session', allowed: 'public' },
  { route: 'POST /auth/enrolment', allowed: 'enrolment' },
  { route: 'POST /auth/enrolment/confirm', allowed: 'enrolment' },
  { route: 'POST /auth/refresh', allowed: EVERYONE },
  { route: 'GET /auth/me', allowed: EVERYONE },
  { route: 'POST /auth/sign-out', allowed: EVERYONE },
  { route: 'POST /auth/password', allowed: EVERYONE },
  { route: 'GET /users', allowed: ['node-administrator'] },
  { route: 'POST /users', allowed: ['node-administrator'] },
  { route: 'POST /users/:id/disable', allowed: ['node-administrator'] },
  { route: 'POST /users/:id/reset', allowed: ['node-administrator'] },
  { route: 'PUT /users/:id/role', allowed: ['node-administrator'] },
  { route: 'GET /audit/entries', allowed: ['auditor'] },
  { route: 'GET /audit/entries.csv', allowed: ['auditor'] },
  { route: 'GET /audit/verify', allowed: ['auditor'] },
  { route: 'GET /access-history/children/:id', allowed: ['auditor'] },
  { route: 'GET /access-history/children/:id/subject-access.json', allowed: ['auditor'] },
  { route: 'GET /access-history/children/:id/subject-access.pdf', allowed: ['auditor'] },
  { route: 'GET /fhir/metadata', allowed: 'public' },
  { route: 'ALL /fhir', allowed: 'public' },
  { route: 'ALL /fhir/*', allowed: 'public' },
  { route: 'GET /fhir/Patient', allowed: PRACTICE },
  { route: 'GET /fhir/Patient/:id', allowed: PRACTICE },
  { route: 'POST /fhir/Patient/$match', allowed: PRACTICE },
  { route: 'GET /fhir/AuditEvent', allowed: ['auditor'] },
  { route: 'GET /misuse/report', allowed: ['auditor'] },
  { route: 'GET /misuse/reports', allowed: ['auditor'] },
  { route: 'POST /children', allowed: ['data-manager'] },
  { route: 'GET /children/:id', allowed: PRACTICE },
  { route: 'PUT /children/:id', allowed: ['data-manager', 'shielding-officer'] },
  { route: 'POST /children/:id/involvements', allowed: PRACTICE },
  { route: 'PATCH /children/:id/involvements/:involvementId', allowed: PRACTICE },
  { route: 'POST /children/:id/involvements/:involvementId/end', allowed: PRACTICE },
  { route: 'PUT /children/:id/involvements/:involvementId/indicators', allowed: PRACTICE },
  { route: 'PUT /children/:id/lead-professional', allowed: ['data-manager', 'shielding-officer'] },
  { route: 'GET /search', allowed: PRACTICE },
  { route: 'POST /children/:id/shield', allowed: ['shielding-officer'] },
  { route: 'DELETE /children/:id/shield', allowed: ['shielding-officer'] },
  { route: 'GET /federation/certificate', allowed: ['node-administrator'] },
  { route: 'GET /federation/index/status', allowed: ['node-administrator'] },
  { route: 'POST /federation/index/resync', allowed: ['node-administrator'] },
  { route: 'POST /federation/search', allowed: PRACTICE },
  { route: 'POST /handovers', allowed: ['data-manager'] },
  { route: 'POST /handovers/requests', allowed: ['data-manager'] },
  { route: 'GET /handovers', allowed: ['data-manager', 'node-administrator'] },
  { route: 'POST /handovers/:id/accept', allowed: ['data-manager'] },
  { route: 'POST /handovers/:id/refuse', allowed: ['data-manager'] },
  { route: 'POST /handovers/:id/cancel', allowed: ['data-manager'] },
];

interface DiscoveredRoute {
  route: string;
  handler: string;
  declares: 'roles' | 'public' | 'nothing';
}

/** Every HTTP route of the running app, read from Nest's own registry of controllers. */
function discoverRoutes(app: NestFastifyApplication): DiscoveredRoute[] {
  const scanner = new MetadataScanner();
  const routes: DiscoveredRoute[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: never[]) => object) | null;
      if (!controller) continue;
      const base = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
      for (const name of scanner.getAllMethodNames(controller.prototype)) {
        const handler = (controller.prototype as Record<string, unknown>)[name] as object;
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        if (method === undefined) continue;
        const sub = String(Reflect.getMetadata(PATH_METADATA, handler) ?? '');
        const path = `/${[base, sub].filter((part) => part && part !== '/').join('/')}`.replace(/\/+/g, '/');
        const roles = (Reflect.getMetadata(ROLES_KEY, handler) ??
          Reflect.getMetadata(ROLES_KEY, controller)) as Role[] | undefined;
        const isPublic =
          Reflect.getMetadata(PUBLIC_KEY, handler) === true ||
          Reflect.getMetadata(PUBLIC_KEY, controller) === true;
        routes.push({
          route: `${RequestMethod[method]} ${path}`,
          handler: `${controller.name}.${name}`,
          declares: isPublic ? 'public' : roles && roles.length > 0 ? 'roles' : 'nothing',
        });
      }
    }
  }
  return routes;
}

function urlOf(route: string): { method: string; url: string } {
  const [method, path] = route.split(' ');
  const url = path.replace(/:[A-Za-z]+/g, () => randomUUID());
  // /health and the FHIR interface are served outside the API's prefix.
  const unprefixed = path.startsWith('/health') || path.startsWith('/fhir');
  return { method: method.toLowerCase(), url: unprefixed ? url : `/api/v1${url}` };
}

// argon2id hashing and many requests per test: allow more than jest's default 5 s.
jest.setTimeout(60_000);

describe('access matrix: every route declares who may call it, and nobody else can (real PostgreSQL)', () => {
  let app: NestFastifyApplication;
  let database: { url: string; drop: () => Promise<void> };

  beforeAll(async () => {
    database = await createTestDatabase();
    app = await startNodeApp({ DATABASE_URL: database.url });
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  const call = (route: string, bearer?: string) => {
    const { method, url } = urlOf(route);
    const agent = request(app.getHttpServer());
    const pending =
      method === 'get'
        ? agent.get(url)
        : method === 'post'
          ? agent.post(url)
          : method === 'put'
            ? agent.put(url)
            : method === 'patch'
              ? agent.patch(url)
              : agent.delete(url);
    return bearer ? pending.set('authorization', bearer) : pending;
  };

  it('finds no route that declares neither @Roles nor @Public', () => {
    const routes = discoverRoutes(app);
    expect(routes.length).toBeGreaterThan(10);
    expect(routes.filter((route) => route.declares === 'nothing').map((route) => route.handler)).toEqual([]);
  });

  it('has exactly the running app’s routes in its one table, with the roles the code declares', () => {
    const discovered = discoverRoutes(app);
    expect(discovered.map((route) => route.route).sort()).toEqual(MATRIX.map((row) => row.route).sort());
    for (const row of MATRIX) {
      const route = discovered.find((candidate) => candidate.route === row.route);
      expect([row.route, route?.declares]).toEqual([
        row.route,
        row.allowed === 'public' ? 'public' : 'roles',
      ]);
    }
  });

  it('answers 401 to every non-public route without a token', async () => {
    for (const row of MATRIX.filter((candidate) => candidate.allowed !== 'public')) {
      const response = await call(row.route);
      expect([row.route, response.status]).toEqual([row.route, 401]);
    }
  });

  it('answers 403 to every role not allowed, lets every allowed role past the guard, and audits each refusal', async () => {
    const dataSource = app.get(DataSource);
    const refusalsBefore = await dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM audit_entry WHERE action = 'access.refused' AND detail->>'reason' IN ('role-not-allowed', 'enrolment-token-required')`,
    );
    let expectedRefusals = 0;
    for (const row of MATRIX.filter((candidate) => candidate.allowed !== 'public')) {
      for (const role of ROLES) {
        const allowed = Array.isArray(row.allowed) && row.allowed.includes(role);
        const response = await call(row.route, await bearerFor(app, role));
        const body = response.body as { message?: unknown };
        const message = typeof body.message === 'string' ? body.message : '';
        if (allowed) {
          // Past the guard: whatever the handler then says (400 for an empty body, 404 for a made-up id).
          expect([row.route, role, response.status === 401 || /role may not do this/.test(message)]).toEqual([
            row.route,
            role,
            false,
          ]);
        } else {
          expect([row.route, role, response.status]).toEqual([row.route, role, 403]);
          // FHIR answers every error as an OperationOutcome; the API as its JSON error body.
          expect(response.body).toEqual(
            row.route.includes(' /fhir/')
              ? expect.objectContaining({
                  resourceType: 'OperationOutcome',
                  issue: [expect.objectContaining({ code: 'forbidden' })],
                })
              : expect.objectContaining({ statusCode: 403, error: 'forbidden' }),
          );
          expectedRefusals += 1;
        }
      }
    }
    const refusalsAfter = await dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM audit_entry WHERE action = 'access.refused' AND detail->>'reason' IN ('role-not-allowed', 'enrolment-token-required')`,
    );
    expect(refusalsAfter[0].n - refusalsBefore[0].n).toBe(expectedRefusals);
  }, 180_000);
});
