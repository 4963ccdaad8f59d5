import { DataSource } from 'typeorm';
import { databaseOptions } from '@cp/database';
import { NODE_ENTITIES } from './entities';
import { NODE_MIGRATIONS } from './migrations';

const ROLE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * With DATABASE_OWNER_URL set, the node's schema belongs to an owner role used only here, and the
 * application connects (DATABASE_URL) as a role that owns nothing: it is granted what it needs, and on
 * audit_entry and the message log only SELECT and INSERT. Such a role can neither change an entry nor
 * disable the append-only triggers (that takes the owner), so the guarantee no longer rests on the trigger alone.
 * Runs the migrations as the owner, then (re)applies the grants; safe to run at every start.
 */
export async function runOwnerMigrations(input: { ownerUrl: string; applicationUrl: string }): Promise<void> {
  const applicationRole = decodeURIComponent(new URL(input.applicationUrl).username);
  const ownerRole = decodeURIComponent(new URL(input.ownerUrl).username);
  if (!ROLE_NAME.test(applicationRole)) {
    throw new Error('DATABASE_URL must name a database role (lower-case letters, digits and _)');
  }
  if (applicationRole === ownerRole) {
    throw new Error('DATABASE_URL and DATABASE_OWNER_URL must use different database roles');
  }
  const owner = new DataSource({
    ...databaseOptions({
      url: input.ownerUrl,
      entities: NODE_ENTITIES,
      migrations: NODE_MIGRATIONS,
      poolSize: 1,
    }),
    migrationsRun: false,
  });
  await owner.initialize();
  try {
    await owner.runMigrations({ transaction: 'each' });
    const [{ superuser }] = await owner.query<{ superuser: boolean }[]>(
      `SELECT rolsuper AS superuser FROM pg_roles WHERE rolname = $1`,
      [applicationRole],
    );
    if (superuser) throw new Error('The role in DATABASE_URL must not be a superuser');
    await owner.transaction(async (manager) => {
      const role = `"${applicationRole}"`;
      await manager.query(`GRANT USAGE ON SCHEMA public TO ${role}`);
      await manager.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${role}`);
      await manager.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${role}`);
      await manager.query(`REVOKE UPDATE, DELETE, TRUNCATE ON audit_entry FROM ${role}`);
      // The message log too: SELECT and INSERT only; its retention purge runs as the owner (SECURITY DEFINER).
      await manager.query(
        `REVOKE UPDATE, DELETE, TRUNCATE ON federation_message, message_certificate FROM ${role}`,
      );
      await manager.query(`REVOKE ALL ON schema_migrations FROM ${role}`);
      await manager.query(`GRANT SELECT ON schema_migrations TO ${role}`);
    });
  } finally {
    await owner.destroy();
  }
}
