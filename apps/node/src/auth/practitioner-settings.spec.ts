import 'reflect-metadata';
import { loadSettings } from '@cp/config';
import { NodeSettings } from '../config/node-settings';

const base = {
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/node_test',
  NODE_LA_CODE: 'E09000033',
  NODE_LA_NAME: 'Westminster',
  AUTH_TOKEN_SECRET: 'x'.repeat(40),
  TOTP_ENCRYPTION_KEY: 'ab'.repeat(32),
};

describe('settings for sign-in and misuse review', () => {
  it('requires a 32-byte hex TOTP encryption key', () => {
    const { TOTP_ENCRYPTION_KEY: _omitted, ...withoutKey } = base;
    expect(() => loadSettings(NodeSettings, withoutKey)).toThrow(/TOTP_ENCRYPTION_KEY/);
    expect(() => loadSettings(NodeSettings, { ...base, TOTP_ENCRYPTION_KEY: 'short' })).toThrow(
      /TOTP_ENCRYPTION_KEY/,
    );
  });

  it('has sensible defaults and reads overrides', () => {
    const settings = loadSettings(NodeSettings, base);
    expect(settings).toMatchObject({
      SIGN_IN_LOCKOUT_THRESHOLD: 5,
      SIGN_IN_LOCKOUT_MINUTES: 15,
      SESSION_IDLE_TIMEOUT_SECONDS: 900,
      WORKING_HOURS_TIMEZONE: 'Europe/London',
      MISUSE_REVIEW_ENABLED: true,
    });
    expect(
      loadSettings(NodeSettings, { ...base, MISUSE_REVIEW_ENABLED: 'false' }).MISUSE_REVIEW_ENABLED,
    ).toBe(false);
    expect(
      loadSettings(NodeSettings, { ...base, MISUSE_VIEWS_PER_DAY_THRESHOLD: '7' })
        .MISUSE_VIEWS_PER_DAY_THRESHOLD,
    ).toBe(7);
  });

  it('refuses an unknown timezone', () => {
    expect(() => loadSettings(NodeSettings, { ...base, WORKING_HOURS_TIMEZONE: 'Mars/Olympus' })).toThrow(
      /WORKING_HOURS_TIMEZONE/,
    );
  });
});
