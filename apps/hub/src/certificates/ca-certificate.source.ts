import { Inject, Injectable } from '@nestjs/common';
import { UnavailableError } from '@cp/errors';
import { HUB_SETTINGS, HubSettings } from '../config/hub-settings';
import { HubPkiFiles } from '../ca/pki-files';

/** Reads the federation's public PKI material (CA and hub certificates, hub key) from HUB_PKI_DIR. */
@Injectable()
export class CaCertificateSource {
  constructor(@Inject(HUB_SETTINGS) private readonly settings: HubSettings) {}

  files(): HubPkiFiles {
    if (!this.settings.HUB_PKI_DIR) throw new UnavailableError('Federation is not configured (HUB_PKI_DIR)');
    const files = new HubPkiFiles(this.settings.HUB_PKI_DIR);
    if (!files.exists()) throw new UnavailableError('The federation CA has not been created (ca:create)');
    return files;
  }

  certificatePem(): string {
    const files = this.files();
    return files.read(files.caCertificate);
  }

  hubCertificatePem(): string {
    const files = this.files();
    return files.read(files.hubCertificate);
  }

  hubPrivateKeyPem(): string {
    const files = this.files();
    return files.read(files.hubKey);
  }
}
