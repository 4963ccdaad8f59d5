import 'reflect-metadata';
import { loadSettings } from '@cp/config';
import { NodeSettings } from '../../config/node-settings';
import { oidcConfigOf } from './oidc-config';

const base = {
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/node_test',
  NODE_LA_CODE: 'E09000033',
  NODE_LA_NAME: 'Westminster',
  AUTH_TOKEN_SECRET: 'x'.repeat(40),
  TOTP_ENCRYPTION_KEY: 'ab'.repeat(32),
};
const oidc = {
  OIDC_ISSUER: 'https://login.example.gov.uk/tenant',
  OIDC_CLIENT_ID: 'contactpoint-node',
  OIDC_CLIENT_SECRET: 's'.repeat(24),
  OIDC_REDIRECT_URI: 'https://cp.example.gov.uk/api/v1/auth/oidc/callback',
  OIDC_ROLE_MAP: 'cp-dm=data-manager,cp-pr=practitioner',
};

describe('OIDC settings', () => {
  it('are all optional: no OIDC unless OIDC_ISSUER is set', () => {
    const settings = loadSettings(NodeSettings, base);
    expect(settings.OIDC_ISSUER).toBeUndefined();
    expect(settings.OIDC_ROLE_CLAIM).toBe('cp_role');
    expect(oidcConfigOf(settings)).toBeNull();
  });

  it('with OIDC_ISSUER, require the client, the redirect URI and the role map, each named when missing', () => {
    expect(oidcConfigOf(loadSettings(NodeSettings, { ...base, ...oidc }))?.roleMap.get('cp-dm')).toBe(
      'data-manager',
    );
    for (const name of [
      'OIDC_CLIENT_ID',
      'OIDC_CLIENT_SECRET',
      'OIDC_REDIRECT_URI',
      'OIDC_ROLE_MAP',
    ] as const) {
      const { [name]: _omitted, ...without } = oidc;
      expect(() => loadSettings(NodeSettings, { ...base, ...without })).toThrow(new RegExp(name));
    }
  });

  it('refuse a malformed issuer, a short secret, a malformed role map or list', () => {
    const bad: Record<string, string> = {
      OIDC_ISSUER: 'login.example.gov.uk',
      OIDC_CLIENT_SECRET: 'short',
      OIDC_ROLE_MAP: 'cp-dm:data-manager',
      OIDC_REQUIRED_AMR: 'otp,,hwk',
      OIDC_SCOPES: 'openid  profile',
    };
    for (const [name, value] of Object.entries(bad))
      expect(() => loadSettings(NodeSettings, { ...base, ...oidc, [name]: value })).toThrow(new RegExp(name));
  });
});
