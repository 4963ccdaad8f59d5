import { authenticator } from 'otplib';

export const TOTP_PERIOD_SECONDS = 30;

/** One step either side is accepted, for clock drift; replay is stopped by the last-used-step rule. */
const totp = authenticator.clone({ window: 1, step: TOTP_PERIOD_SECONDS });

export function newTotpSecret(): string {
  return totp.generateSecret(20);
}

export function totpStepAt(now: Date): number {
  return Math.floor(now.getTime() / 1000 / TOTP_PERIOD_SECONDS);
}

/** The time step a code belongs to (within the window around `now`), or null when it matches none. */
export function matchTotpStep(code: string, secret: string, now: Date): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const delta = totp.clone({ epoch: now.getTime() }).checkDelta(code, secret);
  return delta === null ? null : totpStepAt(now) + delta;
}

export function totpUri(accountName: string, issuer: string, secret: string): string {
  return totp.keyuri(accountName, issuer, secret);
}
