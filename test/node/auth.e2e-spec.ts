import request from 'supertest';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { SignJWT } from 'jose';
import { createTestDatabase } from '../support/test-database';
import { startNodeApp } from '../support/node-app';
import { bearerFor } from '../support/auth';
import { codeForStep, createEnrolledUser } from '../support/practitioners';

const SIGN_IN = '/api/v1/auth/sign-in';

// argon2id hashing and many requests per test: allow more than jest's default 5 s.
jest.setTimeout(60_000);

describe('sign-in with two factors (real PostgreSQL)', () => {
  let app: NestFastifyApplication;
  let database: { url: string; drop: () => Promise<void> };
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase();
    app = await startNodeApp({ DATABASE_URL: database.url, SIGN_IN_RATE_LIMIT_PER_IP: 1000 });
    dataSource = app.get(DataSource);
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  const server = () => app.getHttpServer();
  const refusals = async (reason: string): Promise<number> => {
    const [row] = await dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM audit_entry WHERE action = 'access.refused' AND outcome = 'refused' AND detail->>'reason' = $1`,
      [reason],
    );
    return row.n;
  };

  it('a password alone gives only an enrolment token, which opens nothing else', async () => {
    const admin = await bearerFor(app, 'node-administrator');
    const created = await request(server())
      .post('/api/v1/users')
      .set('authorization', admin)
      .send({
        username: 'new.starter',
        displayName: 'New Starter',
        familyName: 'Starter',
        role: 'practitioner',
      })
      .expect(201);
    expect(created.body.initialPassword).toHaveLength(20);
    const signIn = await request(server())
      .post(SIGN_IN)
      .send({ username: 'new.starter', password: created.body.initialPassword })
      .expect(200);
    expect(signIn.body.enrolmentRequired).toBe(true);
    expect(signIn.body.accessToken).toBeUndefined();
    const enrolment = `Bearer ${signIn.body.enrolmentToken}`;
    await request(server()).get('/api/v1/auth/me').set('authorization', enrolment).expect(403);
    const started = await request(server())
      .post('/api/v1/auth/enrolment')
      .set('authorization', enrolment)
      .expect(200);
    expect(started.body.otpauthUri).toMatch(/^otpauth:\/\/totp\/.+secret=[A-Z2-7]+/);
    expect(started.body.qrCodeDataUrl).toMatch(/^data:image\/png;base64,/);
    // The TOTP secret is encrypted at rest.
    const secret = new URL(started.body.otpauthUri as string).searchParams.get('secret') as string;
    const [stored] = await dataSource.query<
      {
        totp_secret_encrypted: string;
      }[]
    >(`SELECT totp_secret_encrypted FROM app_user WHERE username = 'new.starter'`);
    expect(stored.totp_secret_encrypted).not.toContain(secret);
    await request(server())
      .post('/api/v1/auth/enrolment/confirm')
      .set('authorization', enrolment)
      .send({ code: '000000' === codeForStep(secret, 0) ? '111111' : '000000' })
      .expect(401);
    const confirmed = await request(server())
      .post('/api/v1/auth/enrolment/confirm')
      .set('authorization', enrolment)
      .send({ code: codeForStep(secret, 0) })
      .expect(200);
    const me = await request(server())
      .get('/api/v1/auth/me')
      .set('authorization', `Bearer ${confirmed.body.accessToken}`)
      .expect(200);
    expect(me.body).toEqual({ userId: created.body.id, role: 'practitioner' });
    // The enrolment session ended with enrolment.
    await request(server()).post('/api/v1/auth/enrolment').set('authorization', enrolment).expect(401);
  });

  it('sign-in without the second factor fails once enrolled, and is audited as refused', async () => {
    const user = await createEnrolledUser(app, { username: 'no.code', role: 'practitioner' });
    const before = await refusals('missing-code');
    const response = await request(server())
      .post(SIGN_IN)
      .send({ username: user.username, password: user.password })
      .expect(401);
    expect(response.body.accessToken).toBeUndefined();
    expect(response.body.enrolmentToken).toBeUndefined();
    expect(await refusals('missing-code')).toBe(before + 1);
  });

  it('both factors give a short-lived access token; a replayed code fails', async () => {
    const user = await createEnrolledUser(app, { username: 'replayer', role: 'data-manager' });
    const code = await user.nextCode();
    const ok = await request(server())
      .post(SIGN_IN)
      .send({ username: user.username, password: user.password, code })
      .expect(200);
    expect(ok.body.tokenType).toBe('Bearer');
    const lifetime = new Date(ok.body.expiresAt as string).getTime() - Date.now();
    expect(lifetime).toBeGreaterThan(0);
    expect(lifetime).toBeLessThanOrEqual(900_000);
    await request(server())
      .get('/api/v1/auth/me')
      .set('authorization', `Bearer ${ok.body.accessToken}`)
      .expect(200);

    const before = await refusals('replayed-code');
    const replay = await request(server())
      .post(SIGN_IN)
      .send({ username: user.username, password: user.password, code })
      .expect(401);
    expect(replay.body.accessToken).toBeUndefined();
    expect(await refusals('replayed-code')).toBe(before + 1);
  });

  it('a wrong password, a wrong code and an unknown user all get the same 401 and are audited', async () => {
    const user = await createEnrolledUser(app, { username: 'wrong.things', role: 'practitioner' });
    const answers = await Promise.all([
      request(server())
        .post(SIGN_IN)
        .send({ username: user.username, password: 'not-it', code: await user.nextCode() }),
      request(server())
        .post(SIGN_IN)
        .send({ username: user.username, password: user.password, code: '000000' }),
      request(server()).post(SIGN_IN).send({ username: 'nobody.here', password: 'whatever', code: '123456' }),
    ]);
    expect(answers.map((a) => a.status)).toEqual([401, 401, 401]);
    expect(new Set(answers.map((a) => a.body.message as string)).size).toBe(1);
    expect(await refusals('wrong-password')).toBeGreaterThanOrEqual(1);
    expect(await refusals('unknown-user')).toBeGreaterThanOrEqual(1);
  });

  it('locks the account after five failures, even against the right password and code', async () => {
    const user = await createEnrolledUser(app, { username: 'locked.out', role: 'practitioner' });
    for (let i = 0; i < 5; i += 1) {
      await request(server())
        .post(SIGN_IN)
        .send({ username: user.username, password: `wrong-${i}` })
        .expect(401);
    }
    const [row] = await dataSource.query<
      {
        locked_until: Date;
      }[]
    >(`SELECT locked_until FROM app_user WHERE id = $1`, [user.id]);
    expect(new Date(row.locked_until).getTime()).toBeGreaterThan(Date.now() + 14 * 60_000);
    const before = await refusals('account-locked');
    await request(server())
      .post(SIGN_IN)
      .send({ username: user.username, password: user.password, code: await user.nextCode() })
      .expect(401);
    expect(await refusals('account-locked')).toBe(before + 1);
    // An administrator's reset unlocks it (with a new password and TOTP enrolment).
    const admin = await bearerFor(app, 'node-administrator');
    const reset = await request(server())
      .post(`/api/v1/users/${user.id}/reset`)
      .set('authorization', admin)
      .expect(200);
    const again = await request(server())
      .post(SIGN_IN)
      .send({ username: user.username, password: reset.body.initialPassword })
      .expect(200);
    expect(again.body.enrolmentRequired).toBe(true);
  });

  it('sign-out, disabling and a role change end sessions; tampered and expired tokens are refused', async () => {
    const user = await createEnrolledUser(app, { username: 'session.user', role: 'practitioner' });
    const bearer = `Bearer ${user.accessToken}`;
    await request(server()).get('/api/v1/auth/me').set('authorization', bearer).expect(200);
    const [head, body, signature] = user.accessToken.split('.');
    const flipped = `${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BB' : 'AA'}`;
    const tamperedBefore = await refusals('invalid-token');
    await request(server())
      .get('/api/v1/auth/me')
      .set('authorization', `Bearer ${head}.${body}.${flipped}`)
      .expect(401);
    expect(await refusals('invalid-token')).toBe(tamperedBefore + 1);

    const expired = await new SignJWT({ role: 'practitioner', sid: 'x', knd: 'access' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(user.id)
      .setIssuer('contactpoint-node')
      .setAudience('E09000033')
      .setIssuedAt(Math.floor(Date.now() / 1000) - 2000)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 1000)
      .sign(new TextEncoder().encode('test-secret-of-at-least-thirty-two-characters'));
    await request(server()).get('/api/v1/auth/me').set('authorization', `Bearer ${expired}`).expect(401);
    expect(await refusals('expired-token')).toBeGreaterThanOrEqual(1);

    await request(server()).post('/api/v1/auth/sign-out').set('authorization', bearer).expect(204);
    await request(server()).get('/api/v1/auth/me').set('authorization', bearer).expect(401);
    expect(await refusals('session-ended')).toBeGreaterThanOrEqual(1);

    const fresh = await request(server())
      .post(SIGN_IN)
      .send({ username: user.username, password: user.password, code: await user.nextCode() })
      .expect(200);
    const admin = await bearerFor(app, 'node-administrator');
    await request(server())
      .put(`/api/v1/users/${user.id}/role`)
      .set('authorization', admin)
      .send({ role: 'auditor' })
      .expect(200);
    await request(server())
      .get('/api/v1/auth/me')
      .set('authorization', `Bearer ${fresh.body.accessToken}`)
      .expect(401);
    await request(server()).post(`/api/v1/users/${user.id}/disable`).set('authorization', admin).expect(200);
    await request(server())
      .post(SIGN_IN)
      .send({ username: user.username, password: user.password, code: await user.nextCode() })
      .expect(401);
  });

  it('a user changes their own password; a wrong current one is refused, counted and audited', async () => {
    const user = await createEnrolledUser(app, { username: 'changer', role: 'auditor' });
    const bearer = `Bearer ${user.accessToken}`;
    const before = await refusals('forbidden');
    await request(server())
      .post('/api/v1/auth/password')
      .set('authorization', bearer)
      .send({ currentPassword: 'not-the-password', newPassword: 'a long new passphrase' })
      .expect(403);
    expect(await refusals('forbidden')).toBe(before + 1);
    const [row] = await dataSource.query<{ failed_attempts: number }[]>(
      `SELECT failed_attempts FROM app_user WHERE id = $1`,
      [user.id],
    );
    expect(row.failed_attempts).toBe(1);
    await request(server())
      .post('/api/v1/auth/password')
      .set('authorization', bearer)
      .send({ currentPassword: user.password, newPassword: 'short' })
      .expect(400);
    await request(server())
      .post('/api/v1/auth/password')
      .set('authorization', bearer)
      .send({ currentPassword: user.password, newPassword: 'a long new passphrase' })
      .expect(204);
    await request(server())
      .post(SIGN_IN)
      .send({ username: user.username, password: user.password, code: await user.nextCode() })
      .expect(401);
    await request(server())
      .post(SIGN_IN)
      .send({ username: user.username, password: 'a long new passphrase', code: await user.nextCode() })
      .expect(200);
  });

  it('a session idle for longer than the timeout ends', async () => {
    const bearer = await bearerFor(app, 'practitioner');
    await request(server()).get('/api/v1/auth/me').set('authorization', bearer).expect(200);
    await dataSource.query(`UPDATE user_session SET last_seen_at = now() - interval '16 minutes'`);
    await request(server()).get('/api/v1/auth/me').set('authorization', bearer).expect(401);
  });
});

describe('sign-in rate limit (real PostgreSQL)', () => {
  let app: NestFastifyApplication;
  let database: { url: string; drop: () => Promise<void> };

  beforeAll(async () => {
    database = await createTestDatabase();
    app = await startNodeApp({
      DATABASE_URL: database.url,
      SIGN_IN_RATE_LIMIT_PER_IP: 3,
      SIGN_IN_RATE_LIMIT_PER_USERNAME: 100,
    });
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  it('answers 429 naming the limit once an address has tried too often in a minute', async () => {
    const statuses: number[] = [];
    let last: request.Response | undefined;
    for (let i = 0; i < 4; i += 1) {
      last = await request(app.getHttpServer())
        .post(SIGN_IN)
        .send({ username: `someone${i}`, password: 'x' });
      statuses.push(last.status);
    }
    expect(statuses).toEqual([401, 401, 401, 429]);
    expect(last?.body.message).toMatch(/too many sign-in attempts from this address/i);
  });
});
