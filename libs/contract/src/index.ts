/**
 * The hub-node contract: subjects, message shapes and their versions.
 * Federation links arrive with the trust issue; this lib is their one home.
 */
export const CONTRACT_VERSION = 1;
