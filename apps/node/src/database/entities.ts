import { AuditEntry } from '../audit/audit-entry.entity';
import { Carer } from '../record-store/carer.entity';
import { Child } from '../record-store/child.entity';
import { EducationalSetting } from '../record-store/educational-setting.entity';
import { GpPractice } from '../record-store/gp-practice.entity';
import { Involvement } from '../record-store/involvement.entity';
import { PreviousAddress } from '../record-store/previous-address.entity';
import { ChildSearchKey } from '../record-store/child-search-key.entity';
import { NodeFederationMessage } from '../federation/federation-message.entity';
import { User } from '../users/user.entity';
import { UserSession } from '../sessions/user-session.entity';
import { MisuseReport } from '../misuse/misuse-report.entity';
import { IndexOutboxRow } from '../record-store/index-outbox.entity';
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
