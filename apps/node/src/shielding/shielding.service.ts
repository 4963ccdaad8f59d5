import { Injectable, Logger } from '@nestjs/common';
import { ConflictError } from '@cp/errors';
import { type AccessContext } from '../access/access-context';
import { lockChild } from '../record-store/record-rows';
import { RecordStore } from '../record-store/record-store.service';
import { assertWritable } from '../record-store/record-rules';
import { RecordTransactions } from '../record-store/record-transactions';
import { validateInput } from '../record-store/validate-input';
import { ShieldDto } from './dto/shield.dto';
import type { ShieldingReason } from '../record-store/shielding-reasons';

/**
 * Shielding decisions, taken by a shielding officer. A shield withholds all but name, gender, date of
 * birth and age from everyone else (see record-store/shielded-view.ts) and removes the record's address and
 * identifier search keys, so a search by postcode or identifier no longer finds it.
 */
@Injectable()
export class ShieldingService {
  private readonly logger = new Logger(ShieldingService.name);

  constructor(
    private readonly transactions: RecordTransactions,
    private readonly store: RecordStore,
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
      const version = await this.store.update(manager, child, shielding, {
        context,
        action: 'shield.set',
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
      const version = await this.store.update(manager, child, cleared, {
        context,
        action: 'shield.clear',
        detail: { previousReasonCode: previousReason },
      });
      return { id: childId, version };
    });
    this.logger.log(`Removed the shield of child record ${childId}`);
    return result;
  }
}
