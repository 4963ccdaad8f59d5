import { Injectable, Inject } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { ConflictError, NotFoundError } from '@cp/errors';
import { AuditService } from '../audit/audit.service';
import { type AccessContext } from '../access/access-context';
import { SessionsService } from '../sessions/sessions.service';
import type { Role } from '../access/roles';
import { User } from './user.entity';
import { hashPassword, newInitialPassword } from './passwords';
import type { CreateUserDto, IssuedPassword, UserView } from './dto/users.dto';

export type UserOperation = 'create' | 'disable' | 'reset' | 'assign-role';

/** Administrators' management of accounts. Every change is audited in its own transaction. */
@Injectable()
export class UsersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(AuditService) private readonly audit: AuditService,
    private readonly sessions: SessionsService,
  ) {}

  async list(): Promise<UserView[]> {
    const users = await this.dataSource.getRepository(User).find({ order: { username: 'ASC' } });
    return users.map(toView);
  }

  async create(input: CreateUserDto, context: AccessContext): Promise<IssuedPassword> {
    const initialPassword = newInitialPassword();
    const passwordHash = await hashPassword(initialPassword);
    return this.dataSource.transaction(async (manager) => {
      const existing = await manager.getRepository(User).findOneBy({ username: input.username });
      if (existing) throw new ConflictError('A user with this username already exists');
      const user = manager.getRepository(User).create({
        id: randomUUID(),
        username: input.username,
        displayName: input.displayName,
        familyName: input.familyName,
        role: input.role,
        passwordHash,
        totpSecretEncrypted: null,
        totpEnrolled: false,
        totpLastStep: null,
        failedAttempts: 0,
        lockedUntil: null,
        disabled: false,
      });
      await manager.getRepository(User).insert(user);
      await this.recordChange(manager, context, 'create', user.id, { role: user.role });
      return { id: user.id, username: user.username, role: user.role, initialPassword };
    });
  }

  async disable(userId: string, context: AccessContext): Promise<UserView> {
    return this.dataSource.transaction(async (manager) => {
      const user = await this.lockedUser(manager, userId);
      user.disabled = true;
      await manager.getRepository(User).save(user);
      await this.sessions.revokeAllOf(user.id, manager);
      await this.recordChange(manager, context, 'disable', user.id);
      return toView(user);
    });
  }

  /** A new initial password and a fresh TOTP enrolment; unlocks and re-enables the account. */
  async reset(userId: string, context: AccessContext): Promise<IssuedPassword> {
    const initialPassword = newInitialPassword();
    const passwordHash = await hashPassword(initialPassword);
    return this.dataSource.transaction(async (manager) => {
      const user = await this.lockedUser(manager, userId);
      Object.assign(user, {
        passwordHash,
        totpSecretEncrypted: null,
        totpEnrolled: false,
        totpLastStep: null,
        failedAttempts: 0,
        lockedUntil: null,
        disabled: false,
      });
      await manager.getRepository(User).save(user);
      await this.sessions.revokeAllOf(user.id, manager);
      await this.recordChange(manager, context, 'reset', user.id);
      return { id: user.id, username: user.username, role: user.role, initialPassword };
    });
  }

  async assignRole(userId: string, role: Role, context: AccessContext): Promise<UserView> {
    return this.dataSource.transaction(async (manager) => {
      const user = await this.lockedUser(manager, userId);
      const previousRole = user.role;
      user.role = role;
      await manager.getRepository(User).save(user);
      // Tokens carry the role: end the user's sessions so the new role applies from the next sign-in.
      await this.sessions.revokeAllOf(user.id, manager);
      await this.recordChange(manager, context, 'assign-role', user.id, { previousRole, role });
      return toView(user);
    });
  }

  async findIdByUsername(username: string): Promise<string> {
    const user = await this.dataSource.getRepository(User).findOneBy({ username });
    if (!user) throw new NotFoundError('No user with this username');
    return user.id;
  }

  private async lockedUser(manager: EntityManager, userId: string): Promise<User> {
    const user = await manager
      .getRepository(User)
      .findOne({ where: { id: userId }, lock: { mode: 'pessimistic_write' } });
    if (!user) throw new NotFoundError(`No user ${userId}`);
    return user;
  }

  private async recordChange(
    manager: EntityManager,
    context: AccessContext,
    operation: UserOperation,
    targetUserId: string,
    extra: Record<string, string> = {},
  ): Promise<void> {
    await this.audit.record(manager, {
      context,
      action: 'user.manage',
      outcome: 'allowed',
      detail: { operation, targetUserId, ...extra },
    });
  }
}

export function toView(user: User): UserView {
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    totpEnrolled: user.totpEnrolled,
    locked: user.lockedUntil !== null && user.lockedUntil.getTime() > Date.now(),
    disabled: user.disabled,
    createdAt: user.createdAt.toISOString(),
  };
}
