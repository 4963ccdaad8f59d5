import { Injectable, Logger } from '@nestjs/common';
import { ConflictError } from '@cp/errors';
import { AuditService, type AccessContext } from '../audit/audit.service';
import { Child } from '../records/child.entity';
import { bumpVersion, lockChild } from '../records/record-rows';
import { assertWritable } from '../records/record-rules';
import { RecordTransactions } from '../records/record-transactions';
import { validateInput } from '../records/validate-input';
import { IndexOutboxService } from '../index-outbox/index-outbox.service';
import { writeSearchKeys } from '../search/search-keys';
import { ShieldDto } from './dto/shield.dto';
import type { ShieldingReason } from './shielding-reasons';

/**
 * Shielding decisions, taken by a shielding officer. A shield withholds all but name, gender, date of
 * birth and age from everyone else (see records/shielded-view.ts) and removes the record's address and
 * identifier search keys, so a search by postcode or identifier no longer finds it.
 */
@Injectable()
export class ShieldingService {
  private readonly logger = new Logger(ShieldingService.name);

  constructor(
    private readonly transactions: RecordTransactions,
    private readonly audit: AuditService,
    private readonly indexOutbox: IndexOutboxService,
  ) {}

  async shield(
    childId: string,
    input: { reasonCode: ShieldingReason },
    context: AccessContext,
  ): Promise<{ id: string; version: number }> {
    const { reasonCode } = await validateInput(ShieldDto, input);
    const result = await this.transactions.run(async (manager) => {
      const child = await lockChild(manager, childId);
      assertWritable(child);
      if (child.shielded) throw new ConflictError(`Record ${childId} is already shielded`);
      const shielding = {
        shielded: true,
        shieldingReason: reasonCode,
        shieldedAt: new Date(),
        shieldedBy: context.actor.userId,
      };
      await manager.getRepository(Child).update({ id: childId }, shielding);
      Object.assign(child, shielding);
      const version = await bumpVersion(manager, child);
      await writeSearchKeys(manager, child);
      await this.indexOutbox.enqueueChild(manager, child);
      await this.audit.record(manager, {
        context,
        action: 'shield.set',
        outcome: 'allowed',
        childId,
        detail: { reasonCode },
      });
      return { id: childId, version };
    });
    this.logger.log(`Shielded child record ${childId}`);
    return result;
  }

  async unshield(childId: string, context: AccessContext): Promise<{ id: string; version: number }> {
    const result = await this.transactions.run(async (manager) => {
      const child = await lockChild(manager, childId);
      assertWritable(child);
      if (!child.shielded) throw new ConflictError(`Record ${childId} is not shielded`);
      const previousReason = child.shieldingReason ?? 'unknown';
      const cleared = { shielded: false, shieldingReason: null, shieldedAt: null, shieldedBy: null };
      await manager.getRepository(Child).update({ id: childId }, cleared);
      Object.assign(child, cleared);
      const version = await bumpVersion(manager, child);
      await writeSearchKeys(manager, child);
      await this.indexOutbox.enqueueChild(manager, child);
      await this.audit.record(manager, {
        context,
        action: 'shield.clear',
        outcome: 'allowed',
        childId,
        detail: { previousReasonCode: previousReason },
      });
      return { id: childId, version };
    });
    this.logger.log(`Removed the shield of child record ${childId}`);
    return result;
  }
}
