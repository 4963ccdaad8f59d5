import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { connect, type NatsConnection } from 'nats';
import { certificateFingerprint } from '@cp/pki';
import { NODE_SETTINGS, type NodeSettings } from '../config/node-settings';
import { loadBusCredentials, nodeBusOptions } from '../federation/bus-credentials';
import { FederationCertificateStore } from '../federation/certificate-store';
import type { IndexBusCredentials } from './index-bus-credentials';
import { IndexOutboxService } from './index-outbox.service';
import { IndexPublisher } from './index-publisher';
import { IndexResyncResponder } from './index-resync.responder';

const RENEWAL_CHECK_MS = 60 * 60 * 1000;

/**
 * Connects the outbox to the federation bus: its own NATS connection over mutual TLS with the node's
 * certificate (options from @cp/pki's one factory), the publisher and the resync responder. Starts by
 * itself when the node is enrolled, NATS_URL is set and the token key is configured; `attach` takes a
 * connection made elsewhere (tests, or the hub link's connection later).
 */
@Injectable()
export class NodeIndexBus implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(NodeIndexBus.name);
  private owned?: NatsConnection;
  private connected = false;
  private connectedFingerprint?: string;
  private renewalCheck?: NodeJS.Timeout;

  constructor(
    @Inject(NODE_SETTINGS) private readonly settings: NodeSettings,
    private readonly outbox: IndexOutboxService,
    private readonly publisher: IndexPublisher,
    private readonly responder: IndexResyncResponder,
  ) {}

  get isConnected(): boolean {
    return this.connected;
  }

  onApplicationBootstrap(): void {
    if (!this.outbox.indexing || !this.settings.NATS_URL || !this.settings.FEDERATION_DIR) return;
    this.connectWithStoredCertificate();
    // A renewed certificate (the hub link renews before expiry) is picked up by reconnecting.
    this.renewalCheck = setInterval(() => {
      if (this.owned && this.storedFingerprint() !== this.connectedFingerprint) {
        const previous = this.owned;
        void this.detach()
          .then(() => previous.drain())
          .catch(() => undefined)
          .then(() => this.connectWithStoredCertificate());
      }
    }, RENEWAL_CHECK_MS);
    this.renewalCheck.unref();
  }

  private storedFingerprint(): string | undefined {
    try {
      return certificateFingerprint(
        new FederationCertificateStore(this.settings.FEDERATION_DIR ?? '').load(this.settings.NODE_LA_CODE)
          .certificatePem,
      );
    } catch {
      return undefined;
    }
  }

  private connectWithStoredCertificate(): void {
    const stored = loadBusCredentials(this.settings, (reason) =>
      this.logger.warn(`Index changes are not published: ${reason}`),
    );
    if (!stored) return;
    const options = nodeBusOptions(this.settings.NATS_URL ?? '', stored, 'index');
    // In the background: the node serves its own users even while the bus is unreachable.
    connect({ ...options, waitOnFirstConnect: true })
      .then(async (connection) => {
        this.owned = connection;
        this.connectedFingerprint = certificateFingerprint(stored.certificatePem);
        await this.attach(connection, stored);
      })
      .catch((error: unknown) => this.logger.error(`Index publishing not started: ${String(error)}`));
  }

  async attach(connection: NatsConnection, credentials: IndexBusCredentials): Promise<void> {
    await this.outbox.replaceTokenlessRows();
    this.publisher.start(connection, credentials);
    this.responder.start(connection, credentials);
    this.connected = true;
    this.logger.log(`Index publishing to the hub for LA ${credentials.laCode}`);
  }

  async detach(): Promise<void> {
    this.responder.stop();
    await this.publisher.stop();
    this.connected = false;
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.renewalCheck) clearInterval(this.renewalCheck);
    await this.detach();
    if (this.owned) await this.owned.drain().catch(() => undefined);
  }
}
