import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { ConflictError } from '@cp/errors';
import type { CreateChildRecordInput } from '@cp/record-model';
import { AuditService, type AccessContext } from '../audit/audit.service';
import { NODE_SETTINGS, type NodeSettings } from '../config/node-settings';
import { IndexOutboxService } from '../index-outbox/index-outbox.service';
import { writeSearchKeys } from '../search/search-keys';
import { Carer } from './carer.entity';
import { Child } from './child.entity';
import {
  CreateChildRecordDto,
  UpdateChildRecordDto,
  type UpdateChildRecordInput,
} from './dto/child-record.dto';
import { todayIso } from './dto/field-rules';
import { EducationalSetting } from './educational-setting.entity';
import { GpPractice } from './gp-practice.entity';
import { Involvement } from './involvement.entity';
import { PreviousAddress } from './previous-address.entity';
import {
  carerRows,
  childDetailsRow,
  educationalSettingRow,
  findChild,
  gpPracticeRow,
  involvementRow,
  loadRecordParts,
  lockChild,
} from './record-rows';
import {
  assertIdentifiersUnused,
  assertInvolvementDates,
  assertMayMaintain,
  assertOneLeadProfessional,
  assertWritable,
  seesShieldedDetails,
} from './record-rules';
import { RecordTransactions } from './record-transactions';
import { fullRecordView, type FullRecordView } from './record-view';
import { shieldedView, type ShieldedRecordView, type ShieldingTeamContact } from './shielded-view';
import { validateInput } from './validate-input';

export type RecordView = FullRecordView | ShieldedRecordView;

export function shieldingTeamOf(settings: NodeSettings): ShieldingTeamContact {
  return {
    name: settings.SHIELDING_TEAM_NAME,
    telephone: settings.SHIELDING_TEAM_TELEPHONE,
    email: settings.SHIELDING_TEAM_EMAIL,
  };
}

/** Creates, reads and updates children's records. Involvements: InvolvementsService; shielding: ShieldingService. */
@Injectable()
export class RecordsService {
  private readonly logger = new Logger(RecordsService.name);

  constructor(
    private readonly transactions: RecordTransactions,
    private readonly audit: AuditService,
    @Inject(NODE_SETTINGS) private readonly settings: NodeSettings,
    private readonly indexOutbox: IndexOutboxService,
  ) {}

  /**
   * Creates a whole record (details, carers, setting, GP, involvements) in one transaction with its audit
   * entry. Validates exactly as the HTTP API does, so direct callers (seeding) obey the same rules.
   */
  async create(
    input: CreateChildRecordInput,
    context: AccessContext,
  ): Promise<{ id: string; version: number }> {
    const record = await validateInput(CreateChildRecordDto, input);
    const involvements = record.involvements ?? [];
    involvements.forEach((involvement, index) =>
      assertInvolvementDates(involvement, `involvements.${index}.`),
    );
    assertOneLeadProfessional(involvements);

    const id = randomUUID();
    await this.transactions.run(async (manager) => {
      const details = childDetailsRow(record);
      await assertIdentifiersUnused(manager, details, id);
      const child = Object.assign(new Child(), {
        id,
        ...details,
        addressFrom: todayIso(),
        version: 1,
        shielded: false,
        shieldingReason: null,
        shieldedAt: null,
        shieldedBy: null,
      });
      await manager.getRepository(Child).insert(child);
      await this.writeContacts(manager, id, record);
      const rows = involvements.map((involvement) => involvementRow(id, involvement, context.actor.userId));
      if (rows.length > 0) await manager.getRepository(Involvement).insert(rows);
      await writeSearchKeys(manager, child);
      await this.indexOutbox.enqueueChild(manager, child);
      await this.audit.record(manager, {
        context,
        action: 'record.create',
        outcome: 'allowed',
        childId: id,
        detail: { carers: record.carers?.length ?? 0, involvements: rows.length },
      });
    });
    this.logger.log(`Created child record ${id}`);
    return { id, version: 1 };
  }

  /** One record: in full, or the shielded view for anyone but a shielding officer. Audited either way. */
  async view(id: string, context: AccessContext): Promise<RecordView> {
    return this.transactions.run(async (manager) => {
      const child = await findChild(manager, id);
      const full = fullRecordView(
        await loadRecordParts(manager, child),
        this.settings.NODE_LA_CODE,
        todayIso(),
      );
      const showShielded = child.shielded && !seesShieldedDetails(context.actor);
      await this.audit.record(manager, {
        context,
        action: 'record.view',
        outcome: 'allowed',
        childId: id,
        detail: { shielded: child.shielded, shieldedView: showShielded, movedOut: child.movedOut !== null },
      });
      return showShielded ? shieldedView(full, shieldingTeamOf(this.settings)) : full;
    });
  }

  /**
   * Replaces details, carers, setting and GP. The input carries the version the caller read: a stale one
   * is refused (409) and nothing changes. A changed address moves the old one into the address history.
   */
  async update(
    id: string,
    input: UpdateChildRecordInput,
    context: AccessContext,
  ): Promise<{ id: string; version: number }> {
    const record = await validateInput(UpdateChildRecordDto, input);
    return this.transactions.run(async (manager) => {
      const child = await lockChild(manager, id);
      assertWritable(child);
      assertMayMaintain(child, context.actor);
      if (child.version !== record.version) {
        throw new ConflictError(
          `Record ${id} has changed since version ${record.version} (now ${child.version}): read it again`,
        );
      }
      const details = childDetailsRow(record);
      await assertIdentifiersUnused(manager, details, id);
      const today = todayIso();
      const addressChanged =
        details.addressLine1 !== child.addressLine1 ||
        details.addressLine2 !== child.addressLine2 ||
        details.addressTown !== child.addressTown ||
        details.addressPostcode !== child.addressPostcode;
      if (addressChanged) {
        await manager.getRepository(PreviousAddress).insert({
          id: randomUUID(),
          childId: id,
          line1: child.addressLine1,
          line2: child.addressLine2,
          town: child.addressTown,
          postcode: child.addressPostcode,
          fromDate: child.addressFrom,
          toDate: today,
        });
      }
      Object.assign(
        child,
        details,
        { version: child.version + 1 },
        addressChanged ? { addressFrom: today } : {},
      );
      await manager
        .getRepository(Child)
        .update({ id }, { ...details, version: child.version, addressFrom: child.addressFrom });
      await manager.getRepository(Carer).delete({ childId: id });
      await manager.getRepository(EducationalSetting).delete({ childId: id });
      await manager.getRepository(GpPractice).delete({ childId: id });
      await this.writeContacts(manager, id, record);
      await writeSearchKeys(manager, child);
      await this.indexOutbox.enqueueChild(manager, child);
      await this.audit.record(manager, {
        context,
        action: 'record.update',
        outcome: 'allowed',
        childId: id,
        detail: { addressChanged, carers: record.carers?.length ?? 0, version: child.version },
      });
      return { id, version: child.version };
    });
  }

  private async writeContacts(
    manager: EntityManager,
    childId: string,
    record: Pick<CreateChildRecordInput, 'carers' | 'educationalSetting' | 'gpPractice'>,
  ): Promise<void> {
    const carers = carerRows(childId, record.carers);
    if (carers.length > 0) await manager.getRepository(Carer).insert(carers);
    if (record.educationalSetting) {
      await manager
        .getRepository(EducationalSetting)
        .insert(educationalSettingRow(childId, record.educationalSetting));
    }
    if (record.gpPractice) {
      await manager.getRepository(GpPractice).insert(gpPracticeRow(childId, record.gpPractice));
    }
  }
}
