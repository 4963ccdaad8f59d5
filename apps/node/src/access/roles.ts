/** Practitioners' roles: least privilege, deny by default. Every route declares which of these may call it. */
export const ROLES = [
  'practitioner',
  'data-manager',
  'shielding-officer',
  'auditor',
  'node-administrator',
] as const;
export type Role = (typeof ROLES)[number];

/**
 * Who acts: a signed-in user, the node itself (seeding, federation) under the 'system' role, or, for refused
 * attempts only, an unidentified caller under the 'anonymous' role.
 */
export interface Actor {
  userId: string;
  role: Role | 'system' | 'anonymous';
}

/** The node acting on its own behalf, e.g. when loading seed data or answering the federation. */
export const SYSTEM_ACTOR: Actor = { userId: 'system', role: 'system' };

/** A caller that has not proved who it is: used only to audit refused attempts. */
export const ANONYMOUS_ACTOR: Actor = { userId: 'anonymous', role: 'anonymous' };

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
