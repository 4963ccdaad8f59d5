/** Every migration of the node's schema, in order. TypeORM runs them at start. */
export const NODE_MIGRATIONS = [];
