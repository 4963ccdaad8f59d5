import { Inject, Injectable, Logger } from '@nestjs/common';
import { InvalidInputError, UnavailableError } from '@cp/errors';
import {
  CsrRejectedError,
  decryptPrivateKey,
  generatePartyKeyPair,
  issueHubCertificate,
  issueLaCertificate,
  isOperatorName,
  issueOperatorCertificate,
  OPERATOR_CERT_DEFAULT_DAYS,
  OPERATOR_CERT_MAX_DAYS,
  operatorSubject,
  type CaMaterial,
} from '@cp/pki';
import { HUB_SETTINGS, HubSettings } from '../../config/hub-settings';
import { CaCertificateSource } from '../certificates/ca-certificate.source';
import { IssuanceLogService } from '../certificates/issuance-log.service';
import { NatsUsersService } from '../certificates/nats-users.service';

export interface IssuedLaCertificate {
  laCode: string;
  serial: string;
  certificatePem: string;
  notAfter: Date;
}

/** Issues LA certificates: unlocks the CA key for one signature, logs the issuance, updates bus users. */
@Injectable()
export class CaService {
  private readonly logger = new Logger(CaService.name);

  constructor(
    @Inject(HUB_SETTINGS) private readonly settings: HubSettings,
    private readonly source: CaCertificateSource,
    private readonly log: IssuanceLogService,
    private readonly natsUsers: NatsUsersService,
  ) {}

  /** The CA, unlocked in memory for the caller's one use. */
  private unlock(): CaMaterial {
    const passphrase = this.settings.HUB_CA_PASSPHRASE;
    if (!passphrase) throw new UnavailableError('The CA is locked: HUB_CA_PASSPHRASE is not set');
    const files = this.source.files();
    return {
      certificatePem: files.read(files.caCertificate),
      privateKeyPem: decryptPrivateKey(files.read(files.caEncryptedKey), passphrase),
    };
  }

  /**
   * Replaces the hub's certificate and key before they expire (90 days). The old certificate stays valid
   * until its expiry, so open connections carry on; nodes pick the new one up from renewal answers or
   * GET /api/v1/federation/hub-certificate. Restart the hub to serve HTTPS with it.
   */
  async renewHubCertificate(
    dnsNames: string[] = [],
    ipAddresses: string[] = [],
  ): Promise<{ serial: string }> {
    const ca = this.unlock();
    // The hub's renewed key is EC P-256 (nodes accept both kinds: docs/security.md, "Key kinds").
    const keys = await generatePartyKeyPair('ec-p256');
    const issued = issueHubCertificate({ ca, publicKeyPem: keys.publicKeyPem, dnsNames, ipAddresses });
    const files = this.source.files();
    files.write(files.hubKey, keys.privateKeyPem, true);
    files.write(files.hubCertificate, issued.certificatePem, false);
    await this.log.append(issued.certificatePem, 'hub');
    this.logger.log(`Hub certificate renewed: ${issued.serial}`);
    await this.natsUsers.refresh();
    return { serial: issued.serial };
  }

  /**
   * An operator's client certificate (console and operations API), logged like every issuance. No bus user
   * is made for it: nats-server's users are LAs and the hub only.
   */
  async issueForOperator(
    name: string,
    publicKeyPem: string,
    validityDays?: number,
  ): Promise<{ serial: string; certificatePem: string; notAfter: Date }> {
    if (!isOperatorName(name))
      throw InvalidInputError.field(
        'name',
        'operator-name',
        'name: 2 to 63 lower-case letters, digits or hyphens',
      );
    const days = validityDays ?? OPERATOR_CERT_DEFAULT_DAYS;
    if (!Number.isInteger(days) || days < 1 || days > OPERATOR_CERT_MAX_DAYS)
      throw InvalidInputError.field('days', 'range', `days: 1 to ${OPERATOR_CERT_MAX_DAYS}`);
    const issued = issueOperatorCertificate({ ca: this.unlock(), publicKeyPem, name, validityDays: days });
    const row = await this.log.append(issued.certificatePem, operatorSubject(name));
    this.logger.log(`Issued operator certificate ${row.serial} (sequence ${row.sequence})`);
    return { serial: row.serial, certificatePem: issued.certificatePem, notAfter: row.notAfter };
  }

  async issueForLa(laCode: string, csrPem: string): Promise<IssuedLaCertificate> {
    const ca = this.unlock();
    let issued: { certificatePem: string; serial: string };
    try {
      issued = issueLaCertificate({ ca, csrPem, laCode, validityDays: this.settings.LA_CERT_VALIDITY_DAYS });
    } catch (error) {
      if (error instanceof CsrRejectedError)
        throw InvalidInputError.field('csrPem', error.rule, error.message);
      throw error;
    }
    const row = await this.log.append(issued.certificatePem, laCode);
    this.logger.log(`Issued certificate ${row.serial} to LA ${laCode} (sequence ${row.sequence})`);
    await this.natsUsers.refresh();
    return { laCode, serial: row.serial, certificatePem: issued.certificatePem, notAfter: row.notAfter };
  }
}
