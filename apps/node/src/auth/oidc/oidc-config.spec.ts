import fc from 'fast-check';
import { ROLES } from '../../access/roles';
import { NodeSettings } from '../../config/node-settings';
import {
  authenticationSatisfies,
  oidcConfigOf,
  OidcSettingError,
  parseRoleMap,
  roleFromClaim,
} from './oidc-config';

const map = parseRoleMap('cp-dm=data-manager, cp-pr=practitioner,cp-dm2=data-manager');

describe('OIDC settings and claims', () => {
  it('parses the role map and refuses an unknown role, a repeated value or a malformed pair', () => {
    expect([...map]).toEqual([
      ['cp-dm', 'data-manager'],
      ['cp-pr', 'practitioner'],
      ['cp-dm2', 'data-manager'],
    ]);
    expect(() => parseRoleMap('cp-x=janitor')).toThrow(/janitor/);
    expect(() => parseRoleMap('a=auditor,a=practitioner')).toThrow(/mapped twice/);
    expect(() => parseRoleMap('=auditor')).toThrow(OidcSettingError);
  });

  it('takes exactly one role from a string or an array claim', () => {
    expect(roleFromClaim('cp-dm', map)).toEqual({ role: 'data-manager' });
    expect(roleFromClaim(['staff', 'cp-pr'], map)).toEqual({ role: 'practitioner' });
    expect(roleFromClaim(['cp-dm', 'cp-dm2'], map)).toEqual({ role: 'data-manager' });
    expect(roleFromClaim(['cp-dm', 'cp-pr'], map)).toEqual({ refused: 'oidc-role-ambiguous' });
    expect(roleFromClaim('staff', map)).toEqual({ refused: 'oidc-role-unknown' });
    expect(roleFromClaim(undefined, map)).toEqual({ refused: 'oidc-role-missing' });
    expect(roleFromClaim({ role: 'cp-dm' }, map)).toEqual({ refused: 'oidc-role-missing' });
    expect(roleFromClaim([], map)).toEqual({ refused: 'oidc-role-missing' });
  });

  it('never gives a role that the map does not name for one of the claim values (property)', () => {
    fc.assert(
      fc.property(fc.anything(), (claim) => {
        const outcome = roleFromClaim(claim, map);
        if (!('role' in outcome)) return;
        const values = (Array.isArray(claim) ? claim : [claim]).filter(
          (v): v is string => typeof v === 'string',
        );
        expect(values.some((value) => map.get(value) === outcome.role)).toBe(true);
        expect(ROLES).toContain(outcome.role);
      }),
    );
  });

  it('trusts the IdP for a second factor only when amr or acr shows what the settings require', () => {
    const none = { requiredAmr: [], requiredAcr: [] };
    expect(authenticationSatisfies({}, none)).toBe(true);
    const amr = { requiredAmr: ['otp', 'hwk'], requiredAcr: [] };
    expect(authenticationSatisfies({ amr: ['pwd', 'otp'] }, amr)).toBe(true);
    expect(authenticationSatisfies({ amr: ['pwd'] }, amr)).toBe(false);
    expect(authenticationSatisfies({ amr: 'otp' }, amr)).toBe(false);
    const acr = { requiredAmr: [], requiredAcr: ['urn:la:mfa'] };
    expect(authenticationSatisfies({ acr: 'urn:la:mfa' }, acr)).toBe(true);
    expect(authenticationSatisfies({ acr: 'urn:la:pwd' }, acr)).toBe(false);
  });

  it('is off without OIDC_ISSUER, and refuses http for an issuer that is not a loopback address', () => {
    const base = Object.assign(new NodeSettings(), { AUTH_TOKEN_SECRET: 'x'.repeat(32) });
    expect(oidcConfigOf(base)).toBeNull();
    const configured = Object.assign(new NodeSettings(), {
      OIDC_ISSUER: 'https://login.example.gov.uk',
      OIDC_CLIENT_ID: 'node',
      OIDC_CLIENT_SECRET: 's'.repeat(16),
      OIDC_REDIRECT_URI: 'https://node.example.gov.uk/api/v1/auth/oidc/callback',
      OIDC_ROLE_MAP: 'cp-dm=data-manager',
      OIDC_SCOPES: 'profile openid',
    });
    const config = oidcConfigOf(configured);
    expect(config?.scopes).toBe('openid profile');
    expect(config?.allowInsecureHttp).toBe(false);
    expect(() => oidcConfigOf({ ...configured, OIDC_ISSUER: 'http://login.example.gov.uk' })).toThrow(
      /OIDC_ISSUER must use https/,
    );
    expect(oidcConfigOf({ ...configured, OIDC_ISSUER: 'http://127.0.0.1:4000' })?.allowInsecureHttp).toBe(
      true,
    );
    expect(() => oidcConfigOf({ ...configured, OIDC_ROLE_MAP: undefined })).toThrow(/OIDC_ROLE_MAP/);
  });
});
