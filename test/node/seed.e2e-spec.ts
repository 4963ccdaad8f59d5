import { Test, type TestingModule } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { syntheticChild } from '@cp/synthetic';
import { NodeSettings } from '../../apps/node/src/config/node-settings';
import { NodeCliModule } from '../../apps/node/src/cli/node-cli.module';
import { RateLimitsModule } from '../../apps/node/src/rate-limits/rate-limits.module';
import { SeedModule } from '../../apps/node/src/seed/seed.module';
import { SeedService } from '../../apps/node/src/seed/seed.service';
import { createTestDatabase } from '../support/test-database';

const REFERENCE_DATE = '2026-01-15';

describe('seed (real PostgreSQL)', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let moduleRef: TestingModule;
  let seeder: SeedService;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase('cp_test_seed');
    const settings = Object.assign(new NodeSettings(), {
      DATABASE_URL: database.url,
      NODE_LA_CODE: 'E08000025',
      NODE_LA_NAME: 'Birmingham',
      AUTH_TOKEN_SECRET: 'test-secret-of-at-least-thirty-two-characters',
      TOTP_ENCRYPTION_KEY: '6b'.repeat(32),
      MISUSE_REVIEW_ENABLED: false,
    });
    moduleRef = await Test.createTestingModule({
      imports: [NodeCliModule.register(settings, [RateLimitsModule, SeedModule])],
    }).compile();
    moduleRef.useLogger(['error']);
    await moduleRef.init();
    seeder = moduleRef.get(SeedService);
    dataSource = moduleRef.get(DataSource);
  });

  afterAll(async () => {
    await moduleRef?.close();
    await database?.drop();
  });

  const children = async () =>
    dataSource.query<{ given_name: string; family_name: string; date_of_birth: string }[]>(
      `SELECT given_name, family_name, to_char(date_of_birth, 'YYYY-MM-DD') AS date_of_birth
         FROM child ORDER BY created_at, family_name`,
    );

  it('creates the synthetic children through the records service, each with its audit entry', async () => {
    const result = await seeder.seed({ count: 6, seed: 11, referenceDate: REFERENCE_DATE });
    expect(result).toEqual({ existing: 0, created: 6 });

    const stored = await children();
    expect(stored).toHaveLength(6);
    const expected = Array.from({ length: 6 }, (_, index) =>
      syntheticChild('E08000025', index, 11, REFERENCE_DATE),
    );
    expect(stored.map((row) => `${row.given_name}|${row.family_name}|${row.date_of_birth}`).sort()).toEqual(
      expected.map((child) => `${child.givenName}|${child.familyName}|${child.dateOfBirth}`).sort(),
    );

    const audit = await dataSource.query<{ actor_id: string; actor_role: string; reason: string }[]>(
      `SELECT actor_id, actor_role, reason FROM audit_entry WHERE action = 'record.create'`,
    );
    expect(audit).toHaveLength(6);
    for (const entry of audit) {
      expect(entry).toEqual({ actor_id: 'system', actor_role: 'system', reason: 'maintaining-the-record' });
    }
  });

  it('is idempotent: a node that already holds the count is left alone', async () => {
    expect(await seeder.seed({ count: 6, seed: 11, referenceDate: REFERENCE_DATE })).toEqual({
      existing: 6,
      created: 0,
    });
    expect(await seeder.seed({ count: 3, seed: 11, referenceDate: REFERENCE_DATE })).toEqual({
      existing: 6,
      created: 0,
    });
    expect(await children()).toHaveLength(6);
  });

  it('resumes from the children already held, with the next synthetic children', async () => {
    expect(await seeder.seed({ count: 8, seed: 11, referenceDate: REFERENCE_DATE })).toEqual({
      existing: 6,
      created: 2,
    });
    const names = (await children()).map((row) => `${row.given_name}|${row.family_name}`);
    for (const index of [6, 7]) {
      const child = syntheticChild('E08000025', index, 11, REFERENCE_DATE);
      expect(names).toContain(`${child.givenName}|${child.familyName}`);
    }
  });

  it('stops between records when asked to, leaving whole records only', async () => {
    const stop = new AbortController();
    stop.abort();
    expect(
      await seeder.seed({ count: 20, seed: 11, referenceDate: REFERENCE_DATE, signal: stop.signal }),
    ).toEqual({
      existing: 8,
      created: 0,
    });
    const [{ count }] = await dataSource.query<{ count: string }[]>(
      `SELECT count(*) FROM audit_entry WHERE action = 'record.create'`,
    );
    expect(Number(count)).toBe(8);
  });
});
