import { randomBytes } from 'node:crypto';
import { authenticator } from 'otplib';
import { SecretBox } from './secret-box';
import { matchTotpStep, newTotpSecret, totpStepAt } from './totp';

describe('SecretBox', () => {
  const box = new SecretBox(randomBytes(32).toString('hex'));

  it('round-trips and hides the plaintext', () => {
    const sealed = box.seal('JBSWY3DPEHPK3PXP', 'user-1');
    expect(sealed).not.toContain('JBSWY3DPEHPK3PXP');
    expect(box.open(sealed, 'user-1')).toBe('JBSWY3DPEHPK3PXP');
  });

  it('refuses another context, another key and a changed ciphertext', () => {
    const sealed = box.seal('secret', 'user-1');
    expect(() => box.open(sealed, 'user-2')).toThrow();
    expect(() => new SecretBox(randomBytes(32).toString('hex')).open(sealed, 'user-1')).toThrow();
    const parts = sealed.split('.');
    parts[3] = Buffer.from('other!').toString('base64url');
    expect(() => box.open(parts.join('.'), 'user-1')).toThrow();
  });
});

describe('TOTP step matching', () => {
  const secret = newTotpSecret();
  const now = new Date('2026-11-26T10:00:10Z');
  const codeAt = (date: Date) => authenticator.clone({ epoch: date.getTime() }).generate(secret);

  it('names the step of a current, previous or next code and refuses older ones', () => {
    const step = totpStepAt(now);
    expect(matchTotpStep(codeAt(now), secret, now)).toBe(step);
    expect(matchTotpStep(codeAt(new Date(now.getTime() - 30_000)), secret, now)).toBe(step - 1);
    expect(matchTotpStep(codeAt(new Date(now.getTime() + 30_000)), secret, now)).toBe(step + 1);
    expect(matchTotpStep(codeAt(new Date(now.getTime() - 120_000)), secret, now)).toBeNull();
    expect(matchTotpStep('12345', secret, now)).toBeNull();
  });
});
