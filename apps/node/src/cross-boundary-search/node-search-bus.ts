import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { connect, type NatsConnection, type Subscription } from 'nats';
import { searchQuerySubject } from '@cp/contract';
import { UnavailableError } from '@cp/errors';
import { NODE_SETTINGS, type NodeSettings } from '../config/node-settings';
import { loadBusCredentials, nodeBusOptions } from '../federation/bus-credentials';
import type { FederationCredentials } from '../federation/certificate-store';
import { SearchAnswerer } from './search-answerer.service';

const CREDENTIALS_CHECK_MS = 60_000;

/**
 * Cross-boundary search on the federation bus: its own NATS connection over mutual TLS with this node's
 * certificate (options from @cp/pki's one factory). It asks the hub for the practitioners' searches and
 * answers the queries the hub relays on `cp.v1.la.<LA>.search`. A renewed certificate is picked up by
 * reconnecting. Starts by itself when the node is enrolled and NATS_URL is set.
 */
@Injectable()
export class NodeSearchBus implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(NodeSearchBus.name);
  private connection?: NatsConnection;
  private credentials?: FederationCredentials;
  private subscription?: Subscription;
  private timer?: NodeJS.Timeout;
  private connecting?: Promise<void>;

  constructor(
    @Inject(NODE_SETTINGS) private readonly settings: NodeSettings,
    private readonly answerer: SearchAnswerer,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.settings.NATS_URL || !this.settings.FEDERATION_DIR) return;
    this.connecting = this.connectWithStoredCertificate();
    this.timer = setInterval(() => void this.followRenewal(), CREDENTIALS_CHECK_MS);
    this.timer.unref();
  }

  /** Resolves once connected and answering (or once it is clear it cannot be). */
  async ready(): Promise<void> {
    await this.connecting;
  }

  /** The connection and credentials to search with; 503 when federation is off or the bus is down. */
  link(): { connection: NatsConnection; credentials: FederationCredentials } {
    if (!this.connection || this.connection.isClosed() || !this.credentials)
      throw new UnavailableError(
        'Cross-boundary search is unavailable: this node is not on the federation bus',
      );
    if (this.credentials.certificate.notAfter.getTime() < Date.now())
      throw new UnavailableError('Cross-boundary search is unavailable: the federation certificate expired');
    return { connection: this.connection, credentials: this.credentials };
  }

  /** Stops answering other LAs' queries (the node stays able to search). */
  stopAnswering(): void {
    this.subscription?.unsubscribe();
    this.subscription = undefined;
  }

  private load(): FederationCredentials | undefined {
    return loadBusCredentials(this.settings, (reason) =>
      this.logger.warn(`Cross-boundary search is off: ${reason}`),
    );
  }

  private async connectWithStoredCertificate(): Promise<void> {
    const credentials = this.load();
    if (!credentials) return;
    const options = nodeBusOptions(this.settings.NATS_URL ?? '', credentials, 'search');
    try {
      // noAsyncTraces: no Error (stack capture) made for every request; failures still carry codes.
      const connection = await connect({ ...options, waitOnFirstConnect: true, noAsyncTraces: true });
      const previous = this.connection;
      this.connection = connection;
      this.credentials = credentials;
      this.subscription?.unsubscribe();
      this.subscription = connection.subscribe(searchQuerySubject(credentials.laCode), {
        callback: (error, message) => {
          if (error) return;
          this.answerer
            .answer(message.data, credentials)
            .then((reply) => message.respond(reply))
            .catch((failure: unknown) =>
              this.logger.error(
                `Search answer failed: ${failure instanceof Error ? failure.name : 'unknown'}`,
              ),
            );
        },
      });
      await connection.flush();
      if (previous) await previous.drain().catch(() => undefined);
      this.logger.log(`Cross-boundary search on the bus for LA ${credentials.laCode}`);
    } catch (error) {
      this.logger.error(`Cross-boundary search not started: ${String(error)}`);
    }
  }

  private async followRenewal(): Promise<void> {
    const stored = this.load();
    if (stored && stored.certificate.fingerprint !== this.credentials?.certificate.fingerprint)
      await this.connectWithStoredCertificate();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.stopAnswering();
    if (this.connection) await this.connection.drain().catch(() => undefined);
  }
}
