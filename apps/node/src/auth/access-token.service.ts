import { Inject, Injectable } from '@nestjs/common';
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import { UnauthenticatedError } from '@cp/errors';
import { NODE_SETTINGS, type NodeSettings } from '../config/node-settings';
import { ROLES, type Actor, type Role } from './roles';

export interface AccessTokenClaims extends Actor {
  role: Role;
  sessionId: string;
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
    return new SignJWT({ role: claims.role, sid: claims.sessionId })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(claims.userId)
      .setIssuer(ISSUER)
      .setAudience(this.settings.NODE_LA_CODE)
      .setIssuedAt()
      .setExpirationTime(`${this.settings.ACCESS_TOKEN_TTL_SECONDS}s`)
      .sign(this.key);
  }

  async verify(token: string): Promise<AccessTokenClaims> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        issuer: ISSUER,
        audience: this.settings.NODE_LA_CODE,
        algorithms: ['HS256'],
      });
      const role = payload.role as Role;
      if (!payload.sub || typeof payload.sid !== 'string' || !ROLES.includes(role)) {
        throw new UnauthenticatedError('Access token is malformed');
      }
      return { userId: payload.sub, role, sessionId: payload.sid };
    } catch (error) {
      if (error instanceof UnauthenticatedError) throw error;
      if (error instanceof joseErrors.JWTExpired) throw new UnauthenticatedError('Access token has expired');
      throw new UnauthenticatedError('Access token is invalid');
    }
  }
}
