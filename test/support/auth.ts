import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { AccessTokenService } from '../../apps/node/src/auth/access-token.service';
import type { Role } from '../../apps/node/src/auth/roles';

/**
 * An Authorization header for a user of the given role, signed with the node's real token key.
 * Sign-in itself (password + TOTP) is tested in test/node/auth; other suites use this to act as a role.
 */
export async function bearerFor(
  app: INestApplication,
  role: Role,
  userId: string = randomUUID(),
): Promise<string> {
  const token = await app.get(AccessTokenService).issue({ userId, role, sessionId: randomUUID() });
  return `Bearer ${token}`;
}
