import { AuditEntry } from '../audit/audit-entry.entity';
import { NodeFederationMessage } from '../federation/federation-message.entity';
import { User } from '../users/user.entity';
import { UserSession } from '../sessions/user-session.entity';
import { MisuseReport } from '../misuse/misuse-report.entity';

/** Every entity of the node's schema. */
export const NODE_ENTITIES = [AuditEntry, NodeFederationMessage, User, UserSession, MisuseReport];
