import { isRole, type Role } from '../../access/roles';
import type { NodeSettings } from '../../config/node-settings';

/** Sign-in through the LA's identity provider, as configured (docs/security.md). */
export interface OidcConfig {
  issuer: URL;
  clientId: string;
  clientSecret: string;
  redirectUri: URL;
  roleClaim: string;
  /** IdP values of the role claim to the node's roles. */
  roleMap: ReadonlyMap<string, Role>;
  scopes: string;
  /** When not empty, the ID token's `amr` must name at least one of these. */
  requiredAmr: readonly string[];
  /** When not empty, the ID token's `acr` must be one of these (and they are asked for as acr_values). */
  requiredAcr: readonly string[];
  providerName: string;
  /** http only for a loopback issuer (a test or local IdP); anything else must be https. */
  allowInsecureHttp: boolean;
}

/** A setting the node cannot start with, naming it. */
export class OidcSettingError extends Error {}

function list(raw: string | undefined): string[] {
  return (raw ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}

/** `idp-value=role,idp-value=role` into a map; an unknown node role or a repeated IdP value is refused. */
export function parseRoleMap(raw: string): Map<string, Role> {
  const map = new Map<string, Role>();
  for (const pair of list(raw)) {
    const at = pair.indexOf('=');
    const idpValue = pair.slice(0, at).trim();
    const role = pair.slice(at + 1).trim();
    if (at <= 0 || !idpValue) throw new OidcSettingError(`OIDC_ROLE_MAP: "${pair}" is not idp-value=role`);
    if (!isRole(role)) throw new OidcSettingError(`OIDC_ROLE_MAP: "${role}" is not a role of this node`);
    if (map.has(idpValue)) throw new OidcSettingError(`OIDC_ROLE_MAP: "${idpValue}" is mapped twice`);
    map.set(idpValue, role);
  }
  if (map.size === 0) throw new OidcSettingError('OIDC_ROLE_MAP maps no IdP value to a role');
  return map;
}

const LOOPBACK = new Set(['127.0.0.1', '[::1]', 'localhost']);

function httpUrl(name: string, raw: string | undefined): URL {
  if (!raw) throw new OidcSettingError(`${name} is required when OIDC_ISSUER is set`);
  const url = new URL(raw);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.has(url.hostname)))
    throw new OidcSettingError(`${name} must use https (http only for a loopback address)`);
  return url;
}

/** The OIDC configuration, or null when OIDC_ISSUER is not set (no OIDC: password and TOTP only). */
export function oidcConfigOf(settings: NodeSettings): OidcConfig | null {
  if (!settings.OIDC_ISSUER) return null;
  const issuer = httpUrl('OIDC_ISSUER', settings.OIDC_ISSUER);
  if (!settings.OIDC_CLIENT_ID)
    throw new OidcSettingError('OIDC_CLIENT_ID is required when OIDC_ISSUER is set');
  if (!settings.OIDC_CLIENT_SECRET)
    throw new OidcSettingError('OIDC_CLIENT_SECRET is required when OIDC_ISSUER is set');
  if (!settings.OIDC_ROLE_MAP)
    throw new OidcSettingError('OIDC_ROLE_MAP is required when OIDC_ISSUER is set');
  const scopes = new Set(['openid', ...settings.OIDC_SCOPES.split(' ')]);
  return {
    issuer,
    clientId: settings.OIDC_CLIENT_ID,
    clientSecret: settings.OIDC_CLIENT_SECRET,
    redirectUri: httpUrl('OIDC_REDIRECT_URI', settings.OIDC_REDIRECT_URI),
    roleClaim: settings.OIDC_ROLE_CLAIM,
    roleMap: parseRoleMap(settings.OIDC_ROLE_MAP),
    scopes: [...scopes].join(' '),
    requiredAmr: list(settings.OIDC_REQUIRED_AMR),
    requiredAcr: list(settings.OIDC_REQUIRED_ACR),
    providerName: settings.OIDC_PROVIDER_NAME,
    allowInsecureHttp: issuer.protocol === 'http:',
  };
}

/** Why an IdP sign-in is refused after the IdP vouched for the user: codes, never the values. */
export type OidcRoleRefusal = 'oidc-role-missing' | 'oidc-role-unknown' | 'oidc-role-ambiguous';

/**
 * The node's role from the role claim: a string or an array of strings, each mapped through the role map.
 * Exactly one node role must result; none or an unmapped value is refused, and so are two different roles.
 */
export function roleFromClaim(
  value: unknown,
  roleMap: ReadonlyMap<string, Role>,
): { role: Role } | { refused: OidcRoleRefusal } {
  const values = typeof value === 'string' ? [value] : Array.isArray(value) ? value : [];
  const strings = values.filter((item): item is string => typeof item === 'string' && item.length > 0);
  if (strings.length === 0) return { refused: 'oidc-role-missing' };
  const roles = new Set<Role>();
  for (const item of strings) {
    const role = roleMap.get(item);
    if (role) roles.add(role);
  }
  if (roles.size === 0) return { refused: 'oidc-role-unknown' };
  if (roles.size > 1) return { refused: 'oidc-role-ambiguous' };
  const [role] = [...roles];
  return role ? { role } : { refused: 'oidc-role-missing' };
}

/** Whether the ID token shows the authentication the settings require (amr and acr); true when none is. */
export function authenticationSatisfies(
  claims: { amr?: unknown; acr?: unknown },
  config: Pick<OidcConfig, 'requiredAmr' | 'requiredAcr'>,
): boolean {
  if (config.requiredAmr.length > 0) {
    const amr = Array.isArray(claims.amr) ? claims.amr : [];
    if (!amr.some((method) => typeof method === 'string' && config.requiredAmr.includes(method)))
      return false;
  }
  if (config.requiredAcr.length > 0) {
    if (typeof claims.acr !== 'string' || !config.requiredAcr.includes(claims.acr)) return false;
  }
  return true;
}
