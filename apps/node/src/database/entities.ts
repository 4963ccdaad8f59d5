import { AuditEntry } from '../audit/audit-entry.entity';
import { NodeFederationMessage } from '../federation/federation-message.entity';

/** Every entity of the node's schema. */
export const NODE_ENTITIES = [AuditEntry, NodeFederationMessage];
