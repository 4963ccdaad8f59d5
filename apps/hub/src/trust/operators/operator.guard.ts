import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { X509Certificate } from 'node:crypto';
import { TLSSocket } from 'node:tls';
import { UnauthenticatedError } from '@cp/errors';
import { OperatorIdentityService, type Operator } from './operator-identity.service';

const operators = new WeakMap<object, Operator>();

/** The operator a guarded request was authenticated as. */
export function operatorOf(request: FastifyRequest): Operator | undefined {
  return operators.get(request);
}

/**
 * Lets a request through only when its TLS connection presented a client certificate that the socket
 * verified against the federation CA (`socket.authorized`) and that names a current hub operator.
 * The hub asks for a client certificate but does not require one at the TLS layer, so enrolment (no
 * certificate yet) still works; routes that need an operator say so with @OperatorAccess().
 */
@Injectable()
export class OperatorGuard implements CanActivate {
  constructor(private readonly identities: OperatorIdentityService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const socket = request.raw.socket;
    if (!(socket instanceof TLSSocket) || !socket.authorized)
      throw new UnauthenticatedError(
        'A hub operator client certificate issued by the federation CA is required',
      );
    const peer = socket.getPeerCertificate(false);
    if (!peer?.raw) throw new UnauthenticatedError('No client certificate was presented');
    const operator = await this.identities.authenticate(new X509Certificate(peer.raw).toString());
    operators.set(request, operator);
    return true;
  }
}
