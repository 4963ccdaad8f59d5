/** Every migration of the hub's schema, in order. TypeORM runs them at start. */
export const HUB_MIGRATIONS = [];
