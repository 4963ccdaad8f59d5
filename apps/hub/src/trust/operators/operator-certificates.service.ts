import { Injectable } from '@nestjs/common';
import { generateRsaKeyPair, operatorCommonName, toPkcs12 } from '@cp/pki';
import { CaService } from '../ca/ca.service';
import { CaCertificateSource } from '../certificates/ca-certificate.source';

export interface OperatorBundle {
  serial: string;
  notAfter: Date;
  certificatePem: string;
  /** Key, certificate and CA as PKCS#12 under the passphrase given. */
  pkcs12: Buffer;
}

/**
 * Issues a hub operator's certificate with a key made here, for the operator to import into a browser.
 * The key exists only inside the passphrase-protected PKCS#12 handed back; the hub keeps no copy.
 */
@Injectable()
export class OperatorCertificatesService {
  constructor(
    private readonly ca: CaService,
    private readonly source: CaCertificateSource,
  ) {}

  async issue(name: string, passphrase: string, validityDays?: number): Promise<OperatorBundle> {
    const keys = await generateRsaKeyPair(2048);
    const issued = await this.ca.issueForOperator(name, keys.publicKeyPem, validityDays);
    const pkcs12 = toPkcs12({
      privateKeyPem: keys.privateKeyPem,
      certificatePem: issued.certificatePem,
      caCertificatePem: this.source.certificatePem(),
      passphrase,
      friendlyName: `ContactPoint ${operatorCommonName(name)}`,
    });
    return { ...issued, pkcs12 };
  }
}
