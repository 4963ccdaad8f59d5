import request from 'supertest';
import { randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { bearerFor } from '../support/auth';
import { childRecordInput } from '../support/child-records';
import { startNodeApp } from '../support/node-app';
import { parseExposition, valueOf } from '../support/prometheus';
import { createTestDatabase } from '../support/test-database';

jest.setTimeout(60_000);

describe('node /metrics (real PostgreSQL)', () => {
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

  const scrape = async (target: NestFastifyApplication = app) => {
    const response = await request(target.getHttpServer()).get('/metrics').expect(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    return { text: response.text, samples: parseExposition(response.text) };
  };

  it('is public, outside /api/v1, with the process metrics', async () => {
    const { samples } = await scrape();
    expect(valueOf(samples, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(valueOf(samples, 'nodejs_heap_size_used_bytes')).toBeGreaterThan(0);
    await request(app.getHttpServer()).get('/api/v1/metrics').expect(404);
  });

  it('counts and times local searches, a refused one apart, labelled by scope and result only', async () => {
    const before = (await scrape()).samples;
    const practitioner = await bearerFor(app, 'practitioner');
    await request(app.getHttpServer())
      .get('/api/v1/search')
      .query({ familyName: 'Quillfeather', dateOfBirth: '2014-03-09', reason: 'safeguarding-concern' })
      .set('authorization', practitioner)
      .expect(200);
    await request(app.getHttpServer())
      .get('/api/v1/search')
      .query({ familyName: 'Quillfeather', dateOfBirth: '2014-03-09' })
      .set('authorization', practitioner)
      .expect(400);
    const { samples, text } = await scrape();
    const completed = { scope: 'local', result: 'completed' };
    expect(valueOf(samples, 'cp_node_searches_total', completed)).toBe(
      (valueOf(before, 'cp_node_searches_total', completed) ?? 0) + 1,
    );
    const refused = { scope: 'local', result: 'refused' };
    expect(valueOf(samples, 'cp_node_searches_total', refused)).toBe(
      (valueOf(before, 'cp_node_searches_total', refused) ?? 0) + 1,
    );
    expect(valueOf(samples, 'cp_node_search_duration_seconds_count', { scope: 'local' })).toBe(
      (valueOf(before, 'cp_node_search_duration_seconds_count', { scope: 'local' }) ?? 0) + 2,
    );
    // No criterion reaches a label.
    expect(text).not.toMatch(/Quillfeather|2014-03-09/);
  });

  it('times HTTP requests by route template and status class: no ids, no query values, refusals included', async () => {
    const id = randomUUID();
    await request(app.getHttpServer())
      .get(`/api/v1/children/${id}`)
      .query({ reason: 'providing-a-service' })
      .set('authorization', await bearerFor(app, 'practitioner'))
      .expect(404);
    await request(app.getHttpServer()).get(`/api/v1/children/${id}`).expect(401);
    await request(app.getHttpServer()).get(`/no-such-route/${id}`).expect(404);
    const { samples, text } = await scrape();
    const childRoute = { method: 'GET', route: '/api/v1/children/:id', status_class: '4xx' };
    expect(valueOf(samples, 'cp_node_http_request_duration_seconds_count', childRoute)).toBe(2);
    expect(
      valueOf(samples, 'cp_node_http_request_duration_seconds_count', {
        route: 'unmatched',
        status_class: '4xx',
      }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      valueOf(samples, 'cp_node_http_request_duration_seconds_count', {
        route: '/metrics',
        status_class: '2xx',
      }),
    ).toBeGreaterThanOrEqual(1);
    expect(text).not.toContain(id);
    expect(text).not.toContain('providing-a-service');
    const routes = new Set(
      samples.filter((s) => s.name.startsWith('cp_node_http_request')).map((s) => s.labels.route),
    );
    for (const route of routes) expect(route).toMatch(/^(unmatched|\/[\w/:.*-]*)$/);
  });

  it('shows the outbox rising with a record change (unpublished without federation) and the bus not configured', async () => {
    const before = (await scrape()).samples;
    await request(app.getHttpServer())
      .post('/api/v1/children')
      .set('authorization', await bearerFor(app, 'data-manager'))
      .send(childRecordInput({ familyName: 'Marchbanks' }))
      .expect(201);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const { samples, text } = await scrape();
    expect(valueOf(samples, 'cp_node_index_outbox_pending')).toBe(
      (valueOf(before, 'cp_node_index_outbox_pending') ?? 0) + 1,
    );
    expect(valueOf(samples, 'cp_node_index_outbox_oldest_pending_age_seconds')).toBeGreaterThan(0);
    expect(valueOf(samples, 'cp_node_index_publishing_enabled')).toBe(0);
    expect(valueOf(samples, 'cp_node_bus_state', { state: 'not-configured' })).toBe(1);
    expect(valueOf(samples, 'cp_node_bus_state', { state: 'connected' })).toBe(0);
    // Not enrolled: no certificate figure, and nothing ever published.
    expect(valueOf(samples, 'cp_node_federation_certificate_days_left')).toBeUndefined();
    expect(valueOf(samples, 'cp_node_index_last_publish_age_seconds')).toBeUndefined();
    expect(valueOf(samples, 'cp_node_metrics_collection_ok', { source: 'database' })).toBe(1);
    expect(text).not.toMatch(/Marchbanks|SW1A/);
  });

  it('counts audit entries (the trail’s last sequence) and refused sign-ins by reason code', async () => {
    const before = (await scrape()).samples;
    await request(app.getHttpServer())
      .post('/api/v1/auth/sign-in')
      .send({ username: 'no-such-user', password: 'not the password' })
      .expect(401);
    const { samples, text } = await scrape();
    expect(valueOf(samples, 'cp_node_sign_in_failures_total', { reason: 'unknown-user' })).toBe(
      (valueOf(before, 'cp_node_sign_in_failures_total', { reason: 'unknown-user' }) ?? 0) + 1,
    );
    const [{ last }] = await app
      .get(DataSource)
      .query<{ last: number }[]>(`SELECT max(sequence)::int AS last FROM audit_entry`);
    expect(valueOf(samples, 'cp_node_audit_entries_total')).toBe(last);
    expect(last).toBeGreaterThan(valueOf(before, 'cp_node_audit_entries_total') ?? 0);
    expect(text).not.toContain('no-such-user');
  });

  it('keeps a registry per app: a second app in the same process starts from zero', async () => {
    const database2 = await createTestDatabase();
    const second = await startNodeApp({ DATABASE_URL: database2.url });
    try {
      const first = (await scrape()).samples;
      const fresh = (await scrape(second)).samples;
      expect(valueOf(first, 'cp_node_searches_total', { scope: 'local' })).toBeGreaterThan(0);
      expect(valueOf(fresh, 'cp_node_searches_total', { scope: 'local' })).toBeUndefined();
      expect(
        valueOf(fresh, 'cp_node_http_request_duration_seconds_count', { route: '/api/v1/children/:id' }),
      ).toBeUndefined();
    } finally {
      await second.close();
      await database2.drop();
    }
  });
});
