import { hkdfSync } from 'node:crypto';
import { EncryptJWT, jwtDecrypt } from 'jose';

/** The sign-in's own checks, kept in the browser between start and callback (sealed, so never readable). */
export interface OidcFlow {
  state: string;
  nonce: string;
  codeVerifier: string;
}

/** The node's access token, kept for the sign-in page to collect once (so it never appears in a URL). */
export interface OidcHandoff {
  accessToken: string;
  expiresAt: string;
}

export const FLOW_COOKIE = 'cp_oidc_flow';
export const HANDOFF_COOKIE = 'cp_oidc_handoff';
export const COOKIE_PATH = '/api/v1/auth/oidc';
const FLOW_SECONDS = 600;
const HANDOFF_SECONDS = 60;

/**
 * Seals and opens the two short-lived OIDC cookies: a JWE (dir, A256GCM, from jose) under a key derived by
 * HKDF from AUTH_TOKEN_SECRET, so every process of the node can open them and nobody else can read or forge
 * them. Each names its purpose, so one cannot stand in for the other.
 */
export class OidcCookies {
  private readonly key: Uint8Array;

  constructor(
    secret: string,
    private readonly secure: boolean,
  ) {
    this.key = new Uint8Array(hkdfSync('sha256', secret, 'contactpoint-node', 'oidc-cookies', 32));
  }

  async sealFlow(flow: OidcFlow): Promise<string> {
    return this.cookie(FLOW_COOKIE, await this.seal('flow', { ...flow }, FLOW_SECONDS), FLOW_SECONDS);
  }

  async sealHandoff(handoff: OidcHandoff): Promise<string> {
    const sealed = await this.seal('handoff', { ...handoff }, HANDOFF_SECONDS);
    return this.cookie(HANDOFF_COOKIE, sealed, HANDOFF_SECONDS);
  }

  /** The flow in the request's cookie, or null when it is missing, expired or not ours. */
  async openFlow(cookieHeader: string | undefined): Promise<OidcFlow | null> {
    const claims = await this.open('flow', readCookie(cookieHeader, FLOW_COOKIE));
    if (!claims) return null;
    const { state, nonce, codeVerifier } = claims;
    if (typeof state !== 'string' || typeof nonce !== 'string' || typeof codeVerifier !== 'string')
      return null;
    return { state, nonce, codeVerifier };
  }

  async openHandoff(cookieHeader: string | undefined): Promise<OidcHandoff | null> {
    const claims = await this.open('handoff', readCookie(cookieHeader, HANDOFF_COOKIE));
    if (!claims) return null;
    const { accessToken, expiresAt } = claims;
    if (typeof accessToken !== 'string' || typeof expiresAt !== 'string') return null;
    return { accessToken, expiresAt };
  }

  /** A Set-Cookie value that removes the cookie. */
  clear(name: string): string {
    return `${name}=; Path=${COOKIE_PATH}; Max-Age=0; HttpOnly; SameSite=Lax${this.secure ? '; Secure' : ''}`;
  }

  private cookie(name: string, value: string, maxAge: number): string {
    // Lax: the browser sends it on the IdP's top-level redirect back to the callback, never on other sites' posts.
    return `${name}=${value}; Path=${COOKIE_PATH}; Max-Age=${maxAge}; HttpOnly; SameSite=Lax${this.secure ? '; Secure' : ''}`;
  }

  private async seal(purpose: string, claims: Record<string, string>, seconds: number): Promise<string> {
    return new EncryptJWT({ ...claims, purpose })
      .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
      .setIssuedAt()
      .setExpirationTime(`${seconds}s`)
      .encrypt(this.key);
  }

  private async open(purpose: string, sealed: string | null): Promise<Record<string, unknown> | null> {
    if (!sealed) return null;
    try {
      const { payload } = await jwtDecrypt(sealed, this.key, {
        keyManagementAlgorithms: ['dir'],
        contentEncryptionAlgorithms: ['A256GCM'],
      });
      return payload.purpose === purpose ? payload : null;
    } catch {
      return null;
    }
  }
}

/** One cookie's value from a Cookie header (RFC 6265 pairs), or null. */
export function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const pair of header.split(';')) {
    const at = pair.indexOf('=');
    if (at > 0 && pair.slice(0, at).trim() === name) return pair.slice(at + 1).trim() || null;
  }
  return null;
}
