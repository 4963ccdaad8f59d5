/** Practitioners' roles: least privilege, deny by default. Every route declares which of these may call it. */
export const ROLES = [
  'practitioner',
  'data-manager',
  'shielding-officer',
  'auditor',
  'node-administrator',
] as const;
export type Role = (typeof ROLES)[number];

/** Who acts: a signed-in user, or the node itself (seeding, federation) under the 'system' role. */
export interface Actor {
  userId: string;
  role: Role | 'system';
}

/** The node acting on its own behalf, e.g. when loading seed data or answering the federation. */
export const SYSTEM_ACTOR: Actor = { userId: 'system', role: 'system' };
