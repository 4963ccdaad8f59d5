import { AuditEntry } from '../audit/audit-entry.entity';

/** Every entity of the node's schema. */
export const NODE_ENTITIES = [AuditEntry];
