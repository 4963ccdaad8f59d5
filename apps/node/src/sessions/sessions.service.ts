import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { NODE_SETTINGS, type NodeSettings } from '../config/node-settings';
import type { Role } from '../access/roles';
import { UserSession, type SessionKind } from './user-session.entity';

/** An enrolment session lasts only as long as it takes to scan a QR code and type one code. */
const ENROLMENT_SESSION_SECONDS = 600;

export interface ActiveSession {
  userId: string;
  role: Role;
  kind: SessionKind;
}

/** Server-side sessions: idle timeout, maximum lifetime and revocation (sign-out, disable, role change). */
@Injectable()
export class SessionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(NODE_SETTINGS) private readonly settings: NodeSettings,
  ) {}

  /** Opens a session and returns its id; the caller issues a token naming it. */
  async open(
    input: { userId: string; role: Role; kind: SessionKind },
    manager: EntityManager = this.dataSource.manager,
  ): Promise<string> {
    const now = new Date();
    const lifetime =
      input.kind === 'enrolment' ? ENROLMENT_SESSION_SECONDS : this.settings.SESSION_MAX_LIFETIME_SECONDS;
    const session = manager.getRepository(UserSession).create({
      id: randomUUID(),
      userId: input.userId,
      role: input.role,
      kind: input.kind,
      createdAt: now,
      lastSeenAt: now,
      endsAt: new Date(now.getTime() + lifetime * 1000),
      revokedAt: null,
    });
    await manager.getRepository(UserSession).insert(session);
    return session.id;
  }

  /**
   * Marks a session as seen now, if it is still active (not revoked, not over, not idle too long).
   * Returns what the session is for, or null when it has ended. One statement, so two requests cannot race.
   */
  async touch(sessionId: string): Promise<ActiveSession | null> {
    // For UPDATE ... RETURNING, TypeORM's postgres driver answers [rows, affectedCount].
    const [rows] = await this.dataSource.query<
      [{ user_id: string; role: Role; kind: SessionKind }[], number]
    >(
      `UPDATE user_session SET last_seen_at = now()
       WHERE id = $1 AND revoked_at IS NULL AND ends_at > now()
         AND last_seen_at > now() - make_interval(secs => $2)
       RETURNING user_id, role, kind`,
      [sessionId, this.settings.SESSION_IDLE_TIMEOUT_SECONDS],
    );
    const row = rows[0];
    return row ? { userId: row.user_id, role: row.role, kind: row.kind } : null;
  }

  async revoke(sessionId: string, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.query(`UPDATE user_session SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL`, [
      sessionId,
    ]);
  }

  /** Ends every session of a user: on disable, reset and role change. */
  async revokeAllOf(userId: string, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.query(
      `UPDATE user_session SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL`,
      [userId],
    );
  }
}
