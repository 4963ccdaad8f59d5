import request from 'supertest';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createTestDatabase } from '../support/test-database';
import { startNodeApp } from '../support/node-app';

describe('node health and OpenAPI (real PostgreSQL)', () => {
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

  it('is ready when its database answers', async () => {
    const response = await request(app.getHttpServer()).get('/health/ready').expect(200);
    expect(response.body.info.database.status).toBe('up');
  });

  it('serves its OpenAPI document', async () => {
    const response = await request(app.getHttpServer()).get('/api/v1/openapi.json').expect(200);
    expect(response.body.openapi).toMatch(/^3\./);
    expect(response.body.paths['/health/ready']).toBeDefined();
  });
});
