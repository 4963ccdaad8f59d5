import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { ConflictError, NotFoundError } from '@cp/errors';
import { IssuanceLogService } from '../certificates/issuance-log.service';
import { NatsUsersService } from '../certificates/nats-users.service';
import { CertificateRevocation } from '../certificates/certificate-revocation.entity';

export const REVOCATION_REASONS = [
  'key-compromise',
  'superseded',
  'la-left',
  'ca-compromise',
  'unspecified',
] as const;
export type RevocationReason = (typeof REVOCATION_REASONS)[number];

/**
 * Revokes a certificate: the hub refuses its signed messages from the next message on (checked per
 * message), and nats-server drops its connections when it reloads the users written here.
 */
@Injectable()
export class RevocationService {
  private readonly logger = new Logger(RevocationService.name);

  constructor(
    private readonly log: IssuanceLogService,
    private readonly natsUsers: NatsUsersService,
    @InjectRepository(CertificateRevocation) private readonly revocations: Repository<CertificateRevocation>,
  ) {}

  async revoke(
    serial: string,
    reason: RevocationReason,
    now = new Date(),
  ): Promise<{ natsReloaded: boolean }> {
    const normalised = serial.toLowerCase().replace(/:/g, '');
    const issued = await this.log.findBySerial(normalised);
    if (!issued) throw new NotFoundError(`No certificate with serial ${normalised} was issued`);
    if (await this.revocations.existsBy({ serial: normalised }))
      throw new ConflictError(`Certificate ${normalised} is already revoked`);
    await this.revocations.insert({ serial: normalised, revokedAt: now, reason });
    this.logger.warn(`Certificate ${normalised} of ${issued.subject} revoked (${reason})`);
    return { natsReloaded: await this.natsUsers.refresh() };
  }

  async revoked(): Promise<CertificateRevocation[]> {
    return this.revocations.find({ order: { revokedAt: 'ASC' } });
  }
}
