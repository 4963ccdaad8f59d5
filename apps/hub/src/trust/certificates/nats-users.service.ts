import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { renderNatsServerConfig } from '@cp/pki';
import { HUB_SETTINGS, HubSettings } from '../../config/hub-settings';
import { HubPkiFiles } from './pki-files';
import { busUsersOf } from './bus-users';
import { CertificateRegistryService } from './certificate-registry.service';

/** Long enough for nats-server to have finished the first reload (it takes a few milliseconds). */
const SECOND_RELOAD_DELAY_MS = 500;

/**
 * Keeps nats-server's users equal to the certificates that may use the bus: rewrites its configuration
 * and signals it to reload after every issuance and revocation, and when a certificate expires.
 * nats-server closes already-open connections whose user disappeared on reload.
 */
@Injectable()
export class NatsUsersService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(NatsUsersService.name);
  private timer?: NodeJS.Timeout;
  private lastRendered?: string;
  private running: Promise<boolean> = Promise.resolve(false);
  private readonly listeners: (() => void)[] = [];

  constructor(
    @Inject(HUB_SETTINGS) private readonly settings: HubSettings,
    private readonly registry: CertificateRegistryService,
  ) {}

  onModuleInit(): void {
    if (!this.settings.NATS_SERVER_CONFIG_FILE || !this.settings.HUB_PKI_DIR) return;
    this.timer = setInterval(() => {
      this.refresh().catch((error: unknown) =>
        this.logger.error(`nats users refresh failed: ${String(error)}`),
      );
    }, this.settings.NATS_USERS_REFRESH_SECONDS * 1000);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Called after each rewrite of the users (so the hub opens a newly admitted LA's streams at once). */
  onUsersChanged(listener: () => void): void {
    this.listeners.push(listener);
  }

  /** Rewrites the configuration when the user set changed; true when nats-server was told to reload. */
  refresh(): Promise<boolean> {
    // One refresh at a time, so two quick revocations cannot write configurations out of order.
    this.running = this.running.then(
      () => this.refreshNow(),
      () => this.refreshNow(),
    );
    return this.running;
  }

  private async refreshNow(): Promise<boolean> {
    const configFile = this.settings.NATS_SERVER_CONFIG_FILE;
    if (!configFile || !this.settings.HUB_PKI_DIR) return false;
    const files = new HubPkiFiles(this.settings.HUB_PKI_DIR);
    // Operators' certificates are in the log too, but are no bus parties: busUsersOf leaves them out.
    const users = busUsersOf(await this.registry.activeCertificates());
    const rendered = renderNatsServerConfig({
      host: this.settings.NATS_SERVER_HOST,
      port: this.settings.NATS_SERVER_PORT,
      certFile: files.hubCertificate,
      keyFile: files.hubKey,
      caFile: files.caCertificate,
      pidFile: this.settings.NATS_SERVER_PID_FILE,
      users,
      jetStreamDir: this.settings.NATS_JETSTREAM_DIR,
    });
    const current =
      this.lastRendered ?? (existsSync(configFile) ? readFileSync(configFile, 'utf8') : undefined);
    if (current === rendered) return false;
    writeFileSync(`${configFile}.tmp`, rendered, { mode: 0o600 });
    renameSync(`${configFile}.tmp`, configFile);
    this.lastRendered = rendered;
    this.logger.log(`nats-server users rewritten: ${users.length} certificates`);
    const reloaded = this.signalReload();
    if (reloaded) {
      // nats-server 2.9.10 does not wire the imports of an account added by a reload until the next
      // reload (requests from a newly admitted LA find no responder): reload once more, same file.
      await new Promise((resolve) => setTimeout(resolve, SECOND_RELOAD_DELAY_MS));
      this.signalReload();
    }
    for (const listener of this.listeners) listener();
    return reloaded;
  }

  private signalReload(): boolean {
    const pidFile = this.settings.NATS_SERVER_PID_FILE;
    if (!pidFile || !existsSync(pidFile)) {
      this.logger.warn(
        'nats-server pid file not found: reload nats-server by hand (nats-server --signal reload)',
      );
      return false;
    }
    const pid = Number(readFileSync(pidFile, 'utf8').trim());
    if (!Number.isInteger(pid) || pid <= 1) return false;
    process.kill(pid, 'SIGHUP');
    return true;
  }
}
