import type { Logger } from '@nestjs/common';
import { connect, type ConnectionOptions, type NatsConnection, type Subscription } from 'nats';
import type { NodeSettings } from '../config/node-settings';
import { loadBusCredentials, nodeBusOptions } from './bus-credentials';
import { FederationCertificateStore, type FederationCredentials } from './certificate-store';

const CREDENTIALS_CHECK_MS = 60_000;

export interface CertificateLinkOptions {
  settings: Pick<NodeSettings, 'NATS_URL' | 'FEDERATION_DIR' | 'NODE_LA_CODE'>;
  logger: Logger;
  /** Names the connection: `contactpoint-node-<LA>-<purpose>`. */
  purpose: string;
  /** Added to the connect options (after waitOnFirstConnect). */
  connect: Partial<ConnectionOptions>;
  /** The log lines: why the feature is off, that it is on the bus, that it could not start. */
  messages: { off: string; on: (laCode: string) => string; notStarted: string };
  /** Runs before a new connection replaces the current one. */
  beforeSwitch?: () => Promise<void>;
  /** What the feature listens to on the connection (replaces the previous subscription). */
  subscribe: (connection: NatsConnection, credentials: FederationCredentials) => Subscription;
  /** Runs once the subscription is in place on the server, before the previous connection drains. */
  afterSubscribe?: (connection: NatsConnection, credentials: FederationCredentials) => void;
}

/**
 * A node feature's own mutual-TLS NATS connection with the stored certificate, kept current: every minute
 * (and at once after a renewal by this process) the stored certificate is re-read and a renewed one (another fingerprint) is picked up by connecting
 * again, subscribing there, then draining the previous connection.
 */
export class CertificateLink {
  private current?: NatsConnection;
  private currentCredentials?: FederationCredentials;
  private subscription?: Subscription;
  private timer?: NodeJS.Timeout;
  private connecting?: Promise<void>;
  private stopListening?: () => void;

  constructor(private readonly options: CertificateLinkOptions) {}

  get connection(): NatsConnection | undefined {
    return this.current;
  }

  get credentials(): FederationCredentials | undefined {
    return this.currentCredentials;
  }

  /** Connects and starts following renewals, when NATS_URL and FEDERATION_DIR are set. */
  start(): void {
    const { settings } = this.options;
    if (!settings.NATS_URL || !settings.FEDERATION_DIR) return;
    this.connecting = this.connectWithStoredCertificate();
    this.timer = setInterval(() => void this.followRenewal(), CREDENTIALS_CHECK_MS);
    this.timer.unref();
    // A renewal by this process is followed at once: peers seal to the new key from the moment it is issued.
    this.stopListening = FederationCertificateStore.onInstalled(settings.FEDERATION_DIR, () => {
      void this.followRenewal();
    });
  }

  /** Resolves once connected (or once it is clear it cannot be). */
  async ready(): Promise<void> {
    await this.connecting;
  }

  unsubscribe(): void {
    this.subscription?.unsubscribe();
    this.subscription = undefined;
  }

  /** Stops following renewals and listening; `drain` then closes the connection. */
  stopFollowing(): void {
    if (this.timer) clearInterval(this.timer);
    this.stopListening?.();
    this.unsubscribe();
  }

  async drain(): Promise<void> {
    if (this.current) await this.current.drain().catch(() => undefined);
  }

  private load(): FederationCredentials | undefined {
    const { settings, logger, messages } = this.options;
    return loadBusCredentials(settings, (reason) => logger.warn(`${messages.off}: ${reason}`));
  }

  private async connectWithStoredCertificate(): Promise<void> {
    const credentials = this.load();
    if (!credentials) return;
    const { settings, logger, messages } = this.options;
    const options = nodeBusOptions(settings.NATS_URL ?? '', credentials, this.options.purpose);
    try {
      const connection = await connect({ ...options, waitOnFirstConnect: true, ...this.options.connect });
      const previous = this.current;
      if (this.options.beforeSwitch) await this.options.beforeSwitch();
      this.current = connection;
      this.currentCredentials = credentials;
      this.subscription?.unsubscribe();
      this.subscription = this.options.subscribe(connection, credentials);
      await connection.flush();
      this.options.afterSubscribe?.(connection, credentials);
      if (previous) await previous.drain().catch(() => undefined);
      logger.log(messages.on(credentials.laCode));
    } catch (error) {
      logger.error(`${messages.notStarted}: ${String(error)}`);
    }
  }

  private async followRenewal(): Promise<void> {
    const stored = this.load();
    if (stored && stored.certificate.fingerprint !== this.currentCredentials?.certificate.fingerprint)
      await this.connectWithStoredCertificate();
  }
}
