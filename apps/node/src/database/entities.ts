import { AuditEntry } from '../audit/audit-entry.entity';
import { Carer } from '../records/carer.entity';
import { Child } from '../records/child.entity';
import { EducationalSetting } from '../records/educational-setting.entity';
import { GpPractice } from '../records/gp-practice.entity';
import { Involvement } from '../records/involvement.entity';
import { PreviousAddress } from '../records/previous-address.entity';
import { ChildSearchKey } from '../search/child-search-key.entity';
import { NodeFederationMessage } from '../federation/federation-message.entity';
import { User } from '../users/user.entity';
import { UserSession } from '../sessions/user-session.entity';
import { MisuseReport } from '../misuse/misuse-report.entity';
import { IndexOutboxRow } from '../index-outbox/index-outbox.entity';
import { NodeHandover } from '../handover/handover.entity';

const CHILD_RECORD_ENTITIES = [
  Child,
  PreviousAddress,
  Carer,
  EducationalSetting,
  GpPractice,
  Involvement,
  ChildSearchKey,
];

/** Every entity of the node's schema. */
export const NODE_ENTITIES = [
  AuditEntry,
  ...CHILD_RECORD_ENTITIES,
  NodeFederationMessage,
  User,
  UserSession,
  MisuseReport,
  IndexOutboxRow,
  NodeHandover,
];
