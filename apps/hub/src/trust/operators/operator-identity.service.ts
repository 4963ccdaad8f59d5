import { Injectable, Logger } from '@nestjs/common';
import { ForbiddenError, UnauthenticatedError } from '@cp/errors';
import { certificateFingerprint, verifyCertificate } from '@cp/pki';
import { CaCertificateSource } from '../certificates/ca-certificate.source';
import { CertificateRegistryService } from '../certificates/certificate-registry.service';
import { IssuanceLogService } from '../certificates/issuance-log.service';

/** A hub operator, as their verified client certificate names them. */
export interface Operator {
  name: string;
  serial: string;
}

/**
 * Decides whether a client certificate (already verified by TLS against the federation CA) is a hub
 * operator's now: in the CA's issuance log, unrevoked (checked per request), in date, and naming an
 * operator. An LA's or the hub's certificate is refused (403); an unknown, revoked or expired one is 401.
 */
@Injectable()
export class OperatorIdentityService {
  private readonly logger = new Logger(OperatorIdentityService.name);

  constructor(
    private readonly log: IssuanceLogService,
    private readonly registry: CertificateRegistryService,
    private readonly ca: CaCertificateSource,
  ) {}

  async authenticate(certificatePem: string, now = new Date()): Promise<Operator> {
    const row = await this.log.findByFingerprint(certificateFingerprint(certificatePem));
    if (!row) throw new UnauthenticatedError("The client certificate is not in the CA's issuance log");
    const revoked = await this.registry.isRevoked(row.serial);
    const check = verifyCertificate(row.certificatePem, {
      caCertificatePem: this.ca.certificatePem(),
      now,
      expect: 'operator',
      isRevoked: () => revoked,
    });
    if (!check.ok) {
      this.logger.warn(`Operator access refused for certificate ${row.serial}: ${check.reason}`);
      if (check.reason === 'identity-mismatch' || check.reason === 'wrong-key-usage')
        throw new ForbiddenError("The client certificate is not a hub operator's");
      throw new UnauthenticatedError(`The client certificate cannot be used: ${check.reason}`);
    }
    const identity = check.certificate.identity;
    if (identity.kind !== 'operator')
      throw new ForbiddenError("The client certificate is not a hub operator's");
    return { name: identity.name, serial: row.serial };
  }
}
