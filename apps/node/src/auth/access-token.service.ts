import { Inject, Injectable } from '@nestjs/common';
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import { UnauthenticatedError } from '@cp/errors';
import { NODE_SETTINGS, type NodeSettings } from '../config/node-settings';
import type { SessionKind } from '../sessions/user-session.entity';
import { isRole, type Actor, type Role } from '../access/roles';

export interface AccessTokenClaims extends Actor {
  role: Role;
  sessionId: string;
  /** 'enrolment' tokens open only the TOTP enrolment routes. Default 'access'. */
  kind?: SessionKind;
}

export interface IssuedToken {
  token: string;
  expiresAt: Date;
}

const ISSUER = 'contactpoint-node';

/** Short-lived access tokens (HS256 under the node's own secret), bound to a session. */
@Injectable()
export class AccessTokenService {
  private readonly key: Uint8Array;

  constructor(@Inject(NODE_SETTINGS) private readonly settings: NodeSettings) {
    this.key = new TextEncoder().encode(settings.AUTH_TOKEN_SECRET);
  }

  async issue(claims: AccessTokenClaims): Promise<string> {
    return (await this.issueWithExpiry(claims)).token;
  }

  async issueWithExpiry(claims: AccessTokenClaims): Promise<IssuedToken> {
    const issuedAt = Math.floor(Date.now() / 1000);
    const expiresAt = issuedAt + this.settings.ACCESS_TOKEN_TTL_SECONDS;
    const token = await new SignJWT({
      role: claims.role,
      sid: claims.sessionId,
      knd: claims.kind ?? 'access',
    })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(claims.userId)
      .setIssuer(ISSUER)
      .setAudience(this.settings.NODE_LA_CODE)
      .setIssuedAt(issuedAt)
      .setExpirationTime(expiresAt)
      .sign(this.key);
    return { token, expiresAt: new Date(expiresAt * 1000) };
  }

  async verify(token: string): Promise<AccessTokenClaims> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        issuer: ISSUER,
        audience: this.settings.NODE_LA_CODE,
        algorithms: ['HS256'],
      });
      const { role, sid, knd } = payload;
      if (
        !payload.sub ||
        typeof sid !== 'string' ||
        !isRole(role) ||
        (knd !== 'access' && knd !== 'enrolment')
      ) {
        throw new UnauthenticatedError('Access token is malformed');
      }
      return { userId: payload.sub, role, sessionId: sid, kind: knd };
    } catch (error) {
      if (error instanceof UnauthenticatedError) throw error;
      if (error instanceof joseErrors.JWTExpired) throw new UnauthenticatedError('Access token has expired');
      throw new UnauthenticatedError('Access token is invalid');
    }
  }
}
