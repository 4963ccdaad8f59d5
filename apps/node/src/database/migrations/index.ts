import { AuditTrail1764200000000 } from './1764200000000-audit-trail';
import { FederationMessages1764210000000 } from './1764210000000-federation-messages';
import { ChildRecords1764300000000 } from './1764300000000-child-records';
import { Practitioners1764400000000 } from './1764400000000-practitioners';
import { IndexOutbox1764500000000 } from './1764500000000-index-outbox';
import { NodeHandover1764700000000 } from './1764700000000-handover';
import { MessageLog1765000000000 } from './1765000000000-message-log';
import { RateLimits1765100000000 } from './1765100000000-rate-limits';
import { OidcIdentity1765300000000 } from './1765300000000-oidc-identity';

/** Every migration of the node's schema, in order. TypeORM runs them at start. */
export const NODE_MIGRATIONS = [
  AuditTrail1764200000000,
  FederationMessages1764210000000,
  ChildRecords1764300000000,
  Practitioners1764400000000,
  IndexOutbox1764500000000,
  NodeHandover1764700000000,
  MessageLog1765000000000,
  RateLimits1765100000000,
  OidcIdentity1765300000000,
];
