import { randomBytes } from 'node:crypto';
import { dropDatabase, ensureDatabase } from '@cp/database';

/** The PostgreSQL server tests use: TEST_DATABASE_SERVER or the local one. */
export const TEST_DATABASE_SERVER = process.env.TEST_DATABASE_SERVER ?? 'postgres://postgres@127.0.0.1:5432';

/** A fresh database for one suite; `drop()` removes it afterwards. */
export async function createTestDatabase(
  prefix = 'cp_test',
): Promise<{ url: string; drop: () => Promise<void> }> {
  const url = `${TEST_DATABASE_SERVER}/${prefix}_${randomBytes(5).toString('hex')}`;
  await ensureDatabase(url);
  return { url, drop: () => dropDatabase(url) };
}
