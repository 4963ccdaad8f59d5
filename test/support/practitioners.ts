import request from 'supertest';
import { authenticator } from 'otplib';
import type { INestApplication } from '@nestjs/common';
import type { Role } from '../../apps/node/src/access/roles';
import { bearerFor } from './auth';

export interface TestPractitioner {
  id: string;
  username: string;
  password: string;
  /** The TOTP secret, once enrolled. */
  secret: string;
  /**
   * A code this user has not used yet: the earliest of the current and next steps
   * after the last one used; waits for the clock when all three are spent.
   */
  nextCode: () => Promise<string>;
  accessToken: string;
}

/** The code for a TOTP step relative to now (-1 = previous 30 s step, 0 = current, +1 = next). */
export function codeForStep(secret: string, offset: number, now = Date.now()): string {
  return authenticator.clone({ epoch: now + offset * 30_000 }).generate(secret);
}

/**
 * Creates a user through the administrators' API, signs in with the initial password, enrols TOTP from the
 * otpauth URI and confirms it: the whole real path.
 */
export async function createEnrolledUser(
  app: INestApplication,
  input: { username: string; role: Role; familyName?: string },
): Promise<TestPractitioner> {
  const server = app.getHttpServer();
  const admin = await bearerFor(app, 'node-administrator');
  const created = await request(server)
    .post('/api/v1/users')
    .set('authorization', admin)
    .send({
      username: input.username,
      displayName: input.username,
      familyName: input.familyName ?? 'Tester',
      role: input.role,
    })
    .expect(201);
  const password = created.body.initialPassword as string;
  const first = await request(server)
    .post('/api/v1/auth/sign-in')
    .send({ username: input.username, password })
    .expect(200);
  const enrolment = `Bearer ${first.body.enrolmentToken as string}`;
  const started = await request(server)
    .post('/api/v1/auth/enrolment')
    .set('authorization', enrolment)
    .expect(200);
  const secret = new URL(started.body.otpauthUri as string).searchParams.get('secret') ?? '';
  let lastStep = -Infinity;
  const nextCode = async (): Promise<string> => {
    for (;;) {
      const now = Date.now();
      const current = Math.floor(now / 30_000);
      const step = Math.max(lastStep + 1, current);
      if (step <= current + 1) {
        lastStep = step;
        return codeForStep(secret, step - current, now);
      }
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  };
  const confirmed = await request(server)
    .post('/api/v1/auth/enrolment/confirm')
    .set('authorization', enrolment)
    .send({ code: await nextCode() })
    .expect(200);
  return {
    id: created.body.id as string,
    username: input.username,
    password,
    secret,
    nextCode,
    accessToken: confirmed.body.accessToken as string,
  };
}
