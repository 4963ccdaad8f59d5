import { Inject, Injectable } from '@nestjs/common';
import type { ConnectionOptions } from 'nats';
import { UnavailableError } from '@cp/errors';
import { certificateFingerprint, HUB_SENDER, natsClientOptions, type SigningIdentity } from '@cp/pki';
import { HUB_SETTINGS, HubSettings } from '../../config/hub-settings';
import { HubPkiFiles } from './pki-files';

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

  /** The hub's own signing identity (its certificate and key): what every message the hub sends is signed with. */
  hubSigningIdentity(): SigningIdentity {
    return {
      sender: HUB_SENDER,
      certFingerprint: certificateFingerprint(this.hubCertificatePem()),
      privateKeyPem: this.hubPrivateKeyPem(),
    };
  }

  /**
   * Options of a hub bus connection named `name`, or undefined when the hub is not on a bus (NATS_URL or
   * HUB_PKI_DIR not set) or its PKI cannot be read (`unreadable` is told why).
   */
  busOptions(
    name: string,
    unreadable: (reason: string) => void,
  ): (ConnectionOptions & { servers: string[] }) | undefined {
    const url = this.settings.NATS_URL;
    if (!url || !this.settings.HUB_PKI_DIR) return undefined;
    try {
      return this.natsOptions(url, name);
    } catch (error) {
      unreadable(error instanceof Error ? error.message : 'unknown');
      return undefined;
    }
  }

  /** Options of one of the hub's mutual-TLS NATS connections (@cp/pki's one factory), named `name`. */
  natsOptions(url: string, name: string): ConnectionOptions & { servers: string[] } {
    return natsClientOptions({
      url,
      identity: { kind: 'hub' },
      name,
      tls: {
        caCertificatePem: this.certificatePem(),
        certificatePem: this.hubCertificatePem(),
        privateKeyPem: this.hubPrivateKeyPem(),
      },
    });
  }
}
