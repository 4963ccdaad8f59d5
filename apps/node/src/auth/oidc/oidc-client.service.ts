import { Inject, Injectable } from '@nestjs/common';
import type * as OpenIdClient from 'openid-client';
import { NODE_SETTINGS, type NodeSettings } from '../../config/node-settings';
import { oidcConfigOf, type OidcConfig } from './oidc-config';
import type { OidcFlow } from './oidc-cookies';

/** What the node takes from a verified ID token. */
export interface VerifiedIdentity {
  issuer: string;
  subject: string;
  claims: Readonly<Record<string, unknown>>;
}

/** The IdP refused or the callback failed a check (state, nonce, signature, issuer, audience, expiry, PKCE). */
export class OidcCallbackError extends Error {
  constructor(readonly code: string) {
    super(`OIDC callback refused: ${code}`);
  }
}

/**
 * openid-client ships as an ES module only; Node 20.19+ loads it with require(). Loaded only when OIDC is
 * configured, so a node without OIDC (and every test of one) never loads it.
 */
function openIdClient(): typeof OpenIdClient {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- an ES module, loaded only when used
  return require('openid-client') as typeof OpenIdClient;
}

/**
 * The node as an OpenID Connect relying party (openid-client): authorization code with PKCE (S256), state and
 * nonce; the ID token's signature (against the IdP's published keys), issuer, audience, expiry and nonce are
 * checked by openid-client before any claim is read.
 */
@Injectable()
export class OidcClientService {
  readonly config: OidcConfig | null;
  private discovered: Promise<OpenIdClient.Configuration> | null = null;

  constructor(@Inject(NODE_SETTINGS) settings: NodeSettings) {
    this.config = oidcConfigOf(settings);
  }

  /** The IdP's authorization URL for a new sign-in, and the checks to keep until its callback. */
  async start(): Promise<{ url: URL; flow: OidcFlow }> {
    const config = this.required();
    const client = openIdClient();
    const configuration = await this.configuration();
    const flow: OidcFlow = {
      state: client.randomState(),
      nonce: client.randomNonce(),
      codeVerifier: client.randomPKCECodeVerifier(),
    };
    const parameters: Record<string, string> = {
      redirect_uri: config.redirectUri.href,
      scope: config.scopes,
      state: flow.state,
      nonce: flow.nonce,
      code_challenge: await client.calculatePKCECodeChallenge(flow.codeVerifier),
      code_challenge_method: 'S256',
    };
    if (config.requiredAcr.length > 0) parameters.acr_values = config.requiredAcr.join(' ');
    return { url: client.buildAuthorizationUrl(configuration, parameters), flow };
  }

  /** Exchanges the callback's code and verifies the ID token; throws OidcCallbackError on any failed check. */
  async finish(query: string, flow: OidcFlow): Promise<VerifiedIdentity> {
    const config = this.required();
    const client = openIdClient();
    const configuration = await this.configuration();
    // The callback URL is rebuilt from the configured redirect URI, never from the request's Host header.
    const callback = new URL(config.redirectUri.href);
    callback.search = query;
    let tokens: Awaited<ReturnType<typeof OpenIdClient.authorizationCodeGrant>>;
    try {
      tokens = await client.authorizationCodeGrant(configuration, callback, {
        pkceCodeVerifier: flow.codeVerifier,
        expectedState: flow.state,
        expectedNonce: flow.nonce,
        idTokenExpected: true,
      });
    } catch (error) {
      throw new OidcCallbackError(errorCode(error));
    }
    const claims = tokens.claims();
    if (!claims) throw new OidcCallbackError('id-token-missing');
    return { issuer: claims.iss, subject: claims.sub, claims };
  }

  private required(): OidcConfig {
    if (!this.config) throw new Error('OIDC is not configured');
    return this.config;
  }

  /** Discovery once (again after a failure, so an IdP down at start does not disable OIDC until a restart). */
  private configuration(): Promise<OpenIdClient.Configuration> {
    const config = this.required();
    if (!this.discovered) {
      const client = openIdClient();
      const execute = [client.enableNonRepudiationChecks];
      if (config.allowInsecureHttp) execute.push(client.allowInsecureRequests);
      this.discovered = client.discovery(
        config.issuer,
        config.clientId,
        undefined,
        client.ClientSecretBasic(config.clientSecret),
        { execute },
      );
      this.discovered.catch(() => {
        this.discovered = null;
      });
    }
    return this.discovered;
  }
}

/**
 * The failed check: openid-client's error code and fixed message (e.g. 'unexpected "state" response parameter
 * value') or the IdP's `error` code. Never a value from the response.
 */
function errorCode(error: unknown): string {
  const parts: string[] = [];
  if (error instanceof Error) {
    if ('code' in error && typeof error.code === 'string') parts.push(error.code);
    if ('error' in error && typeof error.error === 'string') parts.push(error.error);
    // openid-client wraps oauth4webapi's error, whose message names the check that failed.
    else parts.push(error.cause instanceof Error ? error.cause.message : error.message);
  }
  return parts.length > 0 ? parts.join(': ').slice(0, 160) : 'callback-failed';
}
