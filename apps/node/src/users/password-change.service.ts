import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { ForbiddenError, InvalidInputError, NotFoundError } from '@cp/errors';
import { AuditService } from '../audit/audit.service';
import { type AccessContext } from '../access/access-context';
import { afterFailure, afterSuccess } from './sign-in-policy';
import { NODE_SETTINGS, type NodeSettings } from '../config/node-settings';
import { User } from './user.entity';
import { hashPassword, verifyPassword } from './passwords';

/**
 * A signed-in user replaces their own password (e.g. the administrator's initial one). A wrong current
 * password counts toward lock-out, as at sign-in; success ends the user's other sessions.
 */
@Injectable()
export class PasswordChangeService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(NODE_SETTINGS) private readonly settings: NodeSettings,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {}

  async change(
    input: { currentPassword: string; newPassword: string; sessionId: string },
    context: AccessContext,
  ): Promise<void> {
    if (input.newPassword === input.currentPassword) {
      throw InvalidInputError.field('newPassword', 'differs', 'newPassword must differ from the current one');
    }
    const newHash = await hashPassword(input.newPassword);
    const changed = await this.dataSource.transaction(async (manager) => {
      const users = manager.getRepository(User);
      const user = await users.findOne({
        where: { id: context.actor.userId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!user) throw new NotFoundError('No account for this session');
      if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
        const policy = {
          threshold: this.settings.SIGN_IN_LOCKOUT_THRESHOLD,
          lockMinutes: this.settings.SIGN_IN_LOCKOUT_MINUTES,
        };
        Object.assign(user, afterFailure(user, new Date(), policy));
        await users.save(user);
        return false;
      }
      Object.assign(user, afterSuccess(), { passwordHash: newHash });
      await users.save(user);
      await manager.query(
        `UPDATE user_session SET revoked_at = now() WHERE user_id = $1 AND id <> $2 AND revoked_at IS NULL`,
        [user.id, input.sessionId],
      );
      await this.audit.record(manager, {
        context,
        action: 'user.manage',
        outcome: 'allowed',
        detail: { operation: 'change-password', targetUserId: user.id },
      });
      return true;
    });
    // The RefusalInterceptor audits this refusal; the failure count above is already committed.
    if (!changed) throw new ForbiddenError('The current password is not right');
  }
}
