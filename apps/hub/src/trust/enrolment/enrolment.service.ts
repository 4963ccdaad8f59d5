import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { InvalidInputError, UnauthenticatedError } from '@cp/errors';
import type { EnrolmentResponse } from '@cp/contract';
import { isLaCode } from '@cp/pki';
import { HUB_SETTINGS, HubSettings } from '../../config/hub-settings';
import { CaService } from '../ca/ca.service';
import { CaCertificateSource } from '../certificates/ca-certificate.source';
import { EnrolmentToken } from './enrolment-token.entity';
import { parseLaName } from './la-name';

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** One-time enrolment tokens and their exchange for a node's first certificate. */
@Injectable()
export class EnrolmentService {
  private readonly logger = new Logger(EnrolmentService.name);

  constructor(
    @Inject(HUB_SETTINGS) private readonly settings: HubSettings,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly ca: CaService,
    private readonly source: CaCertificateSource,
  ) {}

  /**
   * A fresh token for an LA (shown once to the operator; only its hash is stored), with the LA's name when
   * the operator gives one (`enrolment:token --la-name`): the operators' console shows it with the code.
   */
  async createToken(
    laCode: string,
    now = new Date(),
    options: { laName?: string } = {},
  ): Promise<{ id: string; token: string; expiresAt: Date }> {
    if (!isLaCode(laCode))
      throw InvalidInputError.field('laCode', 'la-code', 'laCode must be an ONS LA code');
    const laName = parseLaName(options.laName) ?? null;
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(now.getTime() + this.settings.ENROLMENT_TOKEN_TTL_HOURS * 3600_000);
    const saved = await this.dataSource.getRepository(EnrolmentToken).save({
      laCode,
      laName,
      tokenHash: hashToken(token),
      createdAt: now,
      expiresAt,
      usedAt: null,
      issuedSerial: null,
    });
    this.logger.log(`Enrolment token ${saved.id} created for LA ${laCode}`);
    return { id: saved.id, token, expiresAt };
  }

  /**
   * Exchanges a valid, unused, unexpired token for a certificate. The token row is locked and marked
   * used in the same transaction as the issuance is recorded, so a token cannot be used twice. The name in
   * the request is kept when the operator gave the token none.
   */
  async enrol(
    token: string,
    csrPem: string,
    now = new Date(),
    requestedLaName?: string,
  ): Promise<EnrolmentResponse> {
    const laName = parseLaName(requestedLaName);
    return this.dataSource.transaction(async (manager) => {
      const row = await manager.findOne(EnrolmentToken, {
        where: { tokenHash: hashToken(token) },
        lock: { mode: 'pessimistic_write' },
      });
      if (!row || row.usedAt || row.expiresAt <= now) {
        this.logger.warn(`Enrolment refused: token ${row ? `${row.id} used or expired` : 'unknown'}`);
        throw new UnauthenticatedError('The enrolment token is unknown, used or expired');
      }
      const issued = await this.ca.issueForLa(row.laCode, csrPem);
      row.usedAt = now;
      row.issuedSerial = issued.serial;
      row.laName ??= laName ?? null;
      await manager.save(row);
      this.logger.log(`LA ${row.laCode} enrolled with token ${row.id}: certificate ${issued.serial}`);
      return {
        laCode: row.laCode,
        serial: issued.serial,
        certificatePem: issued.certificatePem,
        caCertificatePem: this.source.certificatePem(),
        hubCertificatePem: this.source.hubCertificatePem(),
        notAfter: issued.notAfter.toISOString(),
      };
    });
  }
}
