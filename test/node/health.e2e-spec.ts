import request from 'supertest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
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

  it('is live: a process check only', async () => {
    const response = await request(app.getHttpServer()).get('/health/live').expect(200);
    expect(response.body).toEqual({ status: 'ok' });
  });

  it('is ready when its database answers; without federation the bus is not-configured and up', async () => {
    const response = await request(app.getHttpServer()).get('/health/ready').expect(200);
    expect(response.body).toMatchObject({
      status: 'ok',
      info: { database: { status: 'up' }, bus: { status: 'up', state: 'not-configured' } },
      error: {},
    });
  });

  it('is not ready, naming the bus, when NATS_URL is set but the node is not enrolled', async () => {
    const database2 = await createTestDatabase();
    const emptyDir = mkdtempSync(join(tmpdir(), 'cp-health-unenrolled-'));
    const unenrolled = await startNodeApp({
      DATABASE_URL: database2.url,
      NATS_URL: 'tls://127.0.0.1:9',
      FEDERATION_DIR: emptyDir,
    });
    try {
      const response = await request(unenrolled.getHttpServer()).get('/health/ready').expect(503);
      expect(response.body).toMatchObject({
        status: 'error',
        message: 'Not ready: bus down',
        info: { database: { status: 'up' } },
        error: { bus: { status: 'down', state: 'not-enrolled' } },
      });
      // Liveness does not depend on the bus.
      await request(unenrolled.getHttpServer()).get('/health/live').expect(200);
    } finally {
      await unenrolled.close();
      await database2.drop();
      rmSync(emptyDir, { recursive: true, force: true });
    }
  });

  it('is not ready, naming the database, once its database stops answering', async () => {
    const database3 = await createTestDatabase();
    const orphan = await startNodeApp({ DATABASE_URL: database3.url });
    try {
      await request(orphan.getHttpServer()).get('/health/ready').expect(200);
      await orphan.get(DataSource).destroy();
      const response = await request(orphan.getHttpServer()).get('/health/ready').expect(503);
      expect(response.body).toMatchObject({
        status: 'error',
        error: { database: { status: 'down' } },
        info: { bus: { status: 'up', state: 'not-configured' } },
      });
      expect(response.body.message).toBe('Not ready: database down');
    } finally {
      await orphan.close().catch(() => undefined);
      await database3.drop();
    }
  });

  it('serves its OpenAPI document', async () => {
    const response = await request(app.getHttpServer()).get('/api/v1/openapi.json').expect(200);
    expect(response.body.openapi).toMatch(/^3\./);
    expect(response.body.paths['/health/ready']).toBeDefined();
  });
});
