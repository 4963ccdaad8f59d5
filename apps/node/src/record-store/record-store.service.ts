import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AccessContext } from '../access/access-context';
import type { AuditEvent } from '../audit/audit.service';
import { AuditService } from '../audit/audit.service';
import type { AuditAction } from '../audit/audit-entry.entity';
import { Carer } from './carer.entity';
import { Child } from './child.entity';
import { EducationalSetting } from './educational-setting.entity';
import { GpPractice } from './gp-practice.entity';
import { IndexEvents } from './index-events';
import { Involvement } from './involvement.entity';
import { PreviousAddress } from './previous-address.entity';
import type { RecordParts } from './record-view';
import { writeSearchKeys } from './search-keys';

/** The audit entry of a record write: who, why and what; the store adds the child and the outcome. */
export interface RecordAudit {
  context: AccessContext;
  action: AuditAction;
  detail?: AuditEvent['detail'];
}

/** A child's contacts, replaced together when a record is corrected. */
export interface RecordContacts {
  carers: Carer[];
  educationalSetting: EducationalSetting | null;
  gpPractice: GpPractice | null;
}

/** The columns of the child row a write may change (never its id). */
export type ChildChange = Partial<Omit<Child, 'id' | 'version'>>;

/**
 * The one way to change a child's record. Inside the caller's transaction (with the child's row locked by
 * the caller where it already exists), each write does its rows, adds one to the version, rewrites the
 * search keys, queues the locator-index event and appends the audit entry: all of it commits or none.
 * `audit` is omitted only where the caller appends the entry for the same write itself, in the same
 * transaction (a handover step records the step, not each table it touched).
 */
@Injectable()
export class RecordStore {
  constructor(
    private readonly audit: AuditService,
    private readonly indexEvents: IndexEvents,
  ) {}

  /** A new live record: created here, or received by handover. */
  async insert(manager: EntityManager, parts: RecordParts, audit?: RecordAudit): Promise<Child> {
    const { child } = parts;
    await manager.getRepository(Child).insert(child);
    if (parts.previousAddresses.length > 0)
      await manager.getRepository(PreviousAddress).insert(parts.previousAddresses);
    await this.insertContacts(manager, parts);
    if (parts.involvements.length > 0) await manager.getRepository(Involvement).insert(parts.involvements);
    await this.written(manager, child, audit);
    return child;
  }

  /**
   * Changes the child row (and, when given, replaces its contacts and adds a previous address), with the
   * next version. Returns that version.
   */
  async update(
    manager: EntityManager,
    child: Child,
    change: ChildChange,
    audit: RecordAudit,
    also: { contacts?: RecordContacts; previousAddress?: PreviousAddress } = {},
  ): Promise<number> {
    if (also.previousAddress) await manager.getRepository(PreviousAddress).insert(also.previousAddress);
    Object.assign(child, change, { version: child.version + 1 });
    await manager.getRepository(Child).update({ id: child.id }, { ...change, version: child.version });
    if (also.contacts) {
      await manager.getRepository(Carer).delete({ childId: child.id });
      await manager.getRepository(EducationalSetting).delete({ childId: child.id });
      await manager.getRepository(GpPractice).delete({ childId: child.id });
      await this.insertContacts(manager, also.contacts);
    }
    await this.written(manager, child, audit);
    return child.version;
  }

  /**
   * The caller changed the child's involvements (rows that feed neither search nor the index): the next
   * version and the audit entry.
   */
  async involvementsChanged(manager: EntityManager, child: Child, audit: RecordAudit): Promise<number> {
    child.version += 1;
    await manager.getRepository(Child).update({ id: child.id }, { version: child.version });
    await this.auditWrite(manager, child, audit);
    return child.version;
  }

  /**
   * The record moved to another LA: the row becomes a stub (the given columns), everything else of the
   * record goes, and the hub's entry for this LA is deleted.
   */
  async leaveStub(
    manager: EntityManager,
    child: Child,
    stub: ChildChange,
    audit?: RecordAudit,
  ): Promise<Child> {
    for (const table of [
      'child_previous_address',
      'carer',
      'educational_setting',
      'gp_practice',
      'involvement',
      'child_search_key',
    ])
      await manager.query(`DELETE FROM ${table} WHERE child_id = $1`, [child.id]);
    Object.assign(child, stub, { version: child.version + 1 });
    await manager.getRepository(Child).update({ id: child.id }, { ...stub, version: child.version });
    await this.indexEvents.enqueueChild(manager, child, 'delete');
    if (audit) await this.auditWrite(manager, child, audit);
    return child;
  }

  /** A stub left by an earlier move out: removed when the record comes back. */
  async removeStub(manager: EntityManager, childId: string): Promise<void> {
    await manager.query(`DELETE FROM child WHERE id = $1 AND moved_out IS NOT NULL`, [childId]);
  }

  private async insertContacts(manager: EntityManager, contacts: RecordContacts): Promise<void> {
    if (contacts.carers.length > 0) await manager.getRepository(Carer).insert(contacts.carers);
    if (contacts.educationalSetting)
      await manager.getRepository(EducationalSetting).insert(contacts.educationalSetting);
    if (contacts.gpPractice) await manager.getRepository(GpPractice).insert(contacts.gpPractice);
  }

  private async written(manager: EntityManager, child: Child, audit: RecordAudit | undefined): Promise<void> {
    await writeSearchKeys(manager, child);
    await this.indexEvents.enqueueChild(manager, child);
    if (audit) await this.auditWrite(manager, child, audit);
  }

  private async auditWrite(manager: EntityManager, child: Child, audit: RecordAudit): Promise<void> {
    await this.audit.record(manager, {
      context: audit.context,
      action: audit.action,
      outcome: 'allowed',
      childId: child.id,
      ...(audit.detail ? { detail: audit.detail } : {}),
    });
  }
}
