import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { ConflictError } from '@cp/errors';
import type { CreateChildRecordInput } from '@cp/record-model';
import { AuditService } from '../audit/audit.service';
import { type AccessContext } from '../access/access-context';
import { NODE_SETTINGS, type NodeSettings } from '../config/node-settings';
import { RecordStore, type RecordContacts } from '../record-store/record-store.service';
import { Child } from '../record-store/child.entity';
import {
  CreateChildRecordDto,
  UpdateChildRecordDto,
  type UpdateChildRecordInput,
} from './dto/child-record.dto';
import { todayIso } from '../record-store/dto/field-rules';
import { PreviousAddress } from '../record-store/previous-address.entity';
import {
  carerRows,
  childDetailsRow,
  educationalSettingRow,
  findChild,
  gpPracticeRow,
  involvementRow,
  loadRecordParts,
  lockChild,
} from '../record-store/record-rows';
import {
  assertIdentifiersUnused,
  assertInvolvementDates,
  assertMayMaintain,
  assertOneLeadProfessional,
  assertWritable,
  seesShieldedDetails,
} from '../record-store/record-rules';
import { RecordTransactions } from '../record-store/record-transactions';
import { fullRecordView, type FullRecordView } from '../record-store/record-view';
import { shieldedView, type ShieldedRecordView } from '../record-store/shielded-view';
import { validateInput } from '../record-store/validate-input';
import { shieldingTeamOf } from '../shielding/shielding-team';

export type RecordView = FullRecordView | ShieldedRecordView;

/** Creates, reads and updates children's records. Involvements: InvolvementsService; shielding: ShieldingService. */
@Injectable()
export class RecordsService {
  private readonly logger = new Logger(RecordsService.name);

  constructor(
    private readonly transactions: RecordTransactions,
    private readonly audit: AuditService,
    @Inject(NODE_SETTINGS) private readonly settings: NodeSettings,
    private readonly store: RecordStore,
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
      const involvementRows = involvements.map((involvement) =>
        involvementRow(id, involvement, context.actor.userId),
      );
      await this.store.insert(
        manager,
        { child, previousAddresses: [], ...contactRows(id, record), involvements: involvementRows },
        {
          context,
          action: 'record.create',
          detail: { carers: record.carers?.length ?? 0, involvements: involvementRows.length },
        },
      );
    });
    this.logger.log(`Created child record ${id}`);
    return { id, version: 1 };
  }

  /** One record: in full, or the shielded view for anyone but a shielding officer. Audited either way. */
  async view(id: string, context: AccessContext): Promise<RecordView> {
    const { child, full } = await this.transactions.read(async (manager) => {
      const child = await findChild(manager, id);
      const parts = await loadRecordParts(manager, child);
      return { child, full: fullRecordView(parts, this.settings.NODE_LA_CODE, todayIso()) };
    });
    const showShielded = child.shielded && !seesShieldedDetails(context.actor);
    await this.audit.recordCommitted({
      context,
      action: 'record.view',
      outcome: 'allowed',
      childId: id,
      detail: { shielded: child.shielded, shieldedView: showShielded, movedOut: child.movedOut !== null },
    });
    return showShielded ? shieldedView(full, shieldingTeamOf(this.settings)) : full;
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
      const previousAddress = addressChanged
        ? Object.assign(new PreviousAddress(), {
            id: randomUUID(),
            childId: id,
            line1: child.addressLine1,
            line2: child.addressLine2,
            town: child.addressTown,
            postcode: child.addressPostcode,
            fromDate: child.addressFrom,
            toDate: today,
          })
        : undefined;
      await this.store.update(
        manager,
        child,
        { ...details, ...(addressChanged ? { addressFrom: today } : {}) },
        {
          context,
          action: 'record.update',
          detail: { addressChanged, carers: record.carers?.length ?? 0, version: child.version + 1 },
        },
        { contacts: contactRows(id, record), ...(previousAddress ? { previousAddress } : {}) },
      );
      return { id, version: child.version };
    });
  }
}

/** The contacts of a record as rows: carers, setting and GP. */
function contactRows(
  childId: string,
  record: Pick<CreateChildRecordInput, 'carers' | 'educationalSetting' | 'gpPractice'>,
): RecordContacts {
  return {
    carers: carerRows(childId, record.carers),
    educationalSetting: record.educationalSetting
      ? educationalSettingRow(childId, record.educationalSetting)
      : null,
    gpPractice: record.gpPractice ? gpPracticeRow(childId, record.gpPractice) : null,
  };
}
