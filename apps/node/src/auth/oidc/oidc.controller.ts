import { Controller, Get, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { NotFoundError, UnauthenticatedError } from '@cp/errors';
import { Public } from '../../access/access.decorators';
import { NODE_SETTINGS, type NodeSettings } from '../../config/node-settings';
import type { AccessTokenResponse } from '../dto/auth.dto';
import { OidcClientService } from './oidc-client.service';
import { FLOW_COOKIE, HANDOFF_COOKIE, OidcCookies } from './oidc-cookies';
import { OidcSignInService } from './oidc-sign-in.service';

/** Whether the sign-in page offers the IdP, and under which name. */
export interface OidcPublicConfig {
  enabled: boolean;
  providerName?: string;
}

/** Where the browser lands after the callback: the sign-in page collects the token with POST session. */
const SIGNED_IN_PAGE = '/#/sign-in?oidc=complete';

/**
 * Sign-in through the LA's OpenID Connect identity provider. start -> the IdP -> callback -> the sign-in page,
 * which collects the node's access token once (POST session), so the token never appears in a URL.
 */
@ApiTags('auth')
@Controller('auth/oidc')
export class OidcController {
  private readonly cookies: OidcCookies;

  constructor(
    @Inject(NODE_SETTINGS) settings: NodeSettings,
    private readonly client: OidcClientService,
    private readonly signIn: OidcSignInService,
  ) {
    const secure = settings.OIDC_REDIRECT_URI?.startsWith('https:') ?? true;
    this.cookies = new OidcCookies(settings.AUTH_TOKEN_SECRET, secure);
  }

  @Get('config')
  @Public()
  @ApiOperation({ summary: 'Whether this node offers sign-in through the LA identity provider' })
  publicConfig(): OidcPublicConfig {
    const config = this.client.config;
    return config ? { enabled: true, providerName: config.providerName } : { enabled: false };
  }

  @Get('start')
  @Public()
  @ApiOperation({
    summary: 'Redirects to the identity provider (authorization code, PKCE S256, state, nonce)',
  })
  async start(@Res() reply: FastifyReply): Promise<void> {
    this.requireEnabled();
    const { url, flow } = await this.client.start();
    await reply
      .header('set-cookie', await this.cookies.sealFlow(flow))
      .header('cache-control', 'no-store')
      .redirect(url.href, 302);
  }

  @Get('callback')
  @Public()
  @ApiOperation({ summary: "The identity provider's redirect back: opens the node's own session" })
  async callback(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    this.requireEnabled();
    const flow = await this.cookies.openFlow(request.headers.cookie);
    const at = request.url.indexOf('?');
    const query = at >= 0 ? request.url.slice(at) : '';
    // The flow is spent whatever the outcome: a second callback with it is refused.
    void reply.header('set-cookie', this.cookies.clear(FLOW_COOKIE)).header('cache-control', 'no-store');
    const issued = await this.signIn.complete(query, flow);
    await reply
      .header('set-cookie', [this.cookies.clear(FLOW_COOKIE), await this.cookies.sealHandoff(issued)])
      .redirect(SIGNED_IN_PAGE, 302);
  }

  /** The access token the callback left for the sign-in page: given once, then the cookie is cleared. */
  @Post('session')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Collects the access token of a completed IdP sign-in (once)' })
  async session(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AccessTokenResponse> {
    this.requireEnabled();
    const handoff = await this.cookies.openHandoff(request.headers.cookie);
    void reply.header('set-cookie', this.cookies.clear(HANDOFF_COOKIE)).header('cache-control', 'no-store');
    if (!handoff) throw new UnauthenticatedError('No completed sign-in to collect: sign in again');
    return { tokenType: 'Bearer', ...handoff };
  }

  private requireEnabled(): void {
    if (!this.client.config)
      throw new NotFoundError('This node does not offer sign-in through an identity provider');
  }
}
