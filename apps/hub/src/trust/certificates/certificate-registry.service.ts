import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { isBusIdentity, isLaCode, senderOf, verifyCertificate, type TrustedSender } from '@cp/pki';
import { CertificateRevocation } from './certificate-revocation.entity';
import { IssuanceLogService } from './issuance-log.service';
import { IssuedCertificate } from './issued-certificate.entity';
import { CaCertificateSource } from './ca-certificate.source';

/**
 * Which certificates the hub trusts right now: issued by our CA (and in our issuance log), unrevoked,
 * in date, with the right usages. Checked per message, so a revocation takes effect at once.
 */
@Injectable()
export class CertificateRegistryService {
  constructor(
    private readonly log: IssuanceLogService,
    private readonly ca: CaCertificateSource,
    @InjectRepository(CertificateRevocation) private readonly revocations: Repository<CertificateRevocation>,
    @InjectRepository(IssuedCertificate) private readonly issued: Repository<IssuedCertificate>,
  ) {}

  async isRevoked(serial: string): Promise<boolean> {
    return (await this.revocations.count({ where: { serial } })) > 0;
  }

  /** The sender a registered certificate speaks for, with why it is unusable if it is. */
  async trustedSender(fingerprint: string, now = new Date()): Promise<TrustedSender | undefined> {
    if (!/^[0-9a-f]{64}$/.test(fingerprint)) return undefined;
    const row = await this.log.findByFingerprint(fingerprint);
    if (!row) return undefined;
    const revoked = await this.isRevoked(row.serial);
    const check = verifyCertificate(row.certificatePem, {
      caCertificatePem: this.ca.certificatePem(),
      now,
      expect: 'any',
      isRevoked: () => revoked,
    });
    if (!check.ok)
      return { sender: row.subject, certificatePem: row.certificatePem, unusableBecause: check.reason };
    // An operator's certificate opens the console only: it never signs a federation message.
    const identity = check.certificate.identity;
    if (!isBusIdentity(identity))
      return { sender: row.subject, certificatePem: row.certificatePem, unusableBecause: 'not-a-bus-party' };
    if (senderOf(identity) !== row.subject)
      return {
        sender: row.subject,
        certificatePem: row.certificatePem,
        unusableBecause: 'identity-mismatch',
      };
    return { sender: row.subject, certificatePem: row.certificatePem };
  }

  /** Certificates that may use the bus now: issued, unrevoked, not expired. */
  async activeCertificates(now = new Date()): Promise<IssuedCertificate[]> {
    return this.issued
      .createQueryBuilder('c')
      .where('c.not_after > :now AND c.not_before <= :now', { now })
      .andWhere('NOT EXISTS (SELECT 1 FROM certificate_revocation r WHERE r.serial = c.serial)')
      .orderBy('c.sequence', 'ASC')
      .getMany();
  }

  /** The LAs that may use the bus now: each has its own streams at the hub (see LaStreamConsumers). */
  async busLaCodes(now = new Date()): Promise<string[]> {
    const subjects = (await this.activeCertificates(now)).map((row) => row.subject);
    return [...new Set(subjects.filter(isLaCode))].sort();
  }
}
