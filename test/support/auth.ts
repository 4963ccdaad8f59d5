import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { AccessTokenService } from '../../apps/node/src/auth/access-token.service';
import type { Role } from '../../apps/node/src/access/roles';
import { SessionsService } from '../../apps/node/src/sessions/sessions.service';

/**
 * An Authorization header for a user of the given role, signed with the node's real token key and naming a
 * real server-side session (opened through SessionsService, so idle timeout and revocation apply).
 * Sign-in itself (password + TOTP) is tested in test/node/auth; other suites use this to act as a role.
 */
export async function bearerFor(
  app: INestApplication,
  role: Role,
  userId: string = randomUUID(),
): Promise<string> {
  const sessionId = await app.get(SessionsService).open({ userId, role, kind: 'access' });
  const token = await app.get(AccessTokenService).issue({ userId, role, sessionId });
  return `Bearer ${token}`;
}
