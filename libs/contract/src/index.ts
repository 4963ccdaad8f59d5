/**
 * The hub-node contract: subjects, message shapes and their versions.
 * Every federation message travels inside a signed envelope (@cp/pki SignedEnvelope); the shapes here
 * are the envelope bodies.
 */
export const CONTRACT_VERSION = 1;

export * from './subjects';
export * from './messages';
export * from './locator';
export * from './search';
export * from './handover';
