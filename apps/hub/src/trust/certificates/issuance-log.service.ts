import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { certificateFingerprint, nextIssuanceEntry, type IssuanceEntry } from '@cp/pki';
import { X509Certificate } from 'node:crypto';
import { IssuedCertificate } from './issued-certificate.entity';

/** Serialises appends to the issuance log across hub processes. */
const ISSUANCE_LOCK = 4_200_001;

/** The CA's append-only, hash-chained issuance log. */
@Injectable()
export class IssuanceLogService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectRepository(IssuedCertificate) private readonly issued: Repository<IssuedCertificate>,
  ) {}

  /** Appends a certificate just issued, for an LA code or 'hub'. */
  async append(certificatePem: string, subject: string): Promise<IssuedCertificate> {
    const x509 = new X509Certificate(certificatePem);
    return this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock($1)', [ISSUANCE_LOCK]);
      const last = await manager.findOne(IssuedCertificate, { where: {}, order: { sequence: 'DESC' } });
      const entry = nextIssuanceEntry(last ?? undefined, {
        serial: x509.serialNumber.toLowerCase(),
        subject,
        fingerprint: certificateFingerprint(certificatePem),
        notBefore: new Date(x509.validFrom).toISOString(),
        notAfter: new Date(x509.validTo).toISOString(),
        issuedAt: new Date().toISOString(),
      });
      return manager.save(
        manager.create(IssuedCertificate, {
          ...entry,
          certificatePem,
          notBefore: new Date(entry.notBefore),
          notAfter: new Date(entry.notAfter),
          issuedAt: new Date(entry.issuedAt),
        }),
      );
    });
  }

  findByFingerprint(fingerprint: string): Promise<IssuedCertificate | null> {
    return this.issued.findOne({ where: { fingerprint } });
  }

  findBySerial(serial: string): Promise<IssuedCertificate | null> {
    return this.issued.findOne({ where: { serial } });
  }

  /** The log as nodes check it: every entry, or those of one subject, oldest first. */
  async entries(): Promise<IssuanceEntry[]> {
    const rows = await this.issued.find({ order: { sequence: 'ASC' } });
    return rows.map((row) => ({
      sequence: row.sequence,
      serial: row.serial,
      subject: row.subject,
      fingerprint: row.fingerprint,
      notBefore: row.notBefore.toISOString(),
      notAfter: row.notAfter.toISOString(),
      issuedAt: row.issuedAt.toISOString(),
      previousHash: row.previousHash,
      entryHash: row.entryHash,
    }));
  }
}
