import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { NatsConnection } from 'nats';
import { searchQuerySubject } from '@cp/contract';
import { UnavailableError } from '@cp/errors';
import { NODE_SETTINGS, type NodeSettings } from '../config/node-settings';
import { CertificateLink } from '../federation/certificate-link';
import type { FederationCredentials } from '../federation/certificate-store';
import { SearchAnswerer } from './search-answerer.service';

/**
 * Cross-boundary search on the federation bus: its own NATS connection over mutual TLS with this node's
 * certificate (options from @cp/pki's one factory). It asks the hub for the practitioners' searches and
 * answers the queries the hub relays on `cp.v1.la.<LA>.search`. A renewed certificate is picked up by
 * reconnecting. Starts by itself when the node is enrolled and NATS_URL is set.
 */
@Injectable()
export class NodeSearchBus implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(NodeSearchBus.name);
  private readonly certificateLink: CertificateLink;

  constructor(
    @Inject(NODE_SETTINGS) settings: NodeSettings,
    private readonly answerer: SearchAnswerer,
  ) {
    this.certificateLink = new CertificateLink({
      settings,
      logger: this.logger,
      purpose: 'search',
      // noAsyncTraces: no Error (stack capture) made for every request; failures still carry codes.
      connect: { noAsyncTraces: true },
      messages: {
        off: 'Cross-boundary search is off',
        on: (laCode) => `Cross-boundary search on the bus for LA ${laCode}`,
        notStarted: 'Cross-boundary search not started',
      },
      subscribe: (connection, credentials) =>
        connection.subscribe(searchQuerySubject(credentials.laCode), {
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
        }),
    });
  }

  onApplicationBootstrap(): void {
    this.certificateLink.start();
  }

  /** Resolves once connected and answering (or once it is clear it cannot be). */
  async ready(): Promise<void> {
    await this.certificateLink.ready();
  }

  /** The connection and credentials to search with; 503 when federation is off or the bus is down. */
  link(): { connection: NatsConnection; credentials: FederationCredentials } {
    const { connection, credentials } = this.certificateLink;
    if (!connection || connection.isClosed() || !credentials)
      throw new UnavailableError(
        'Cross-boundary search is unavailable: this node is not on the federation bus',
      );
    if (credentials.certificate.notAfter.getTime() < Date.now())
      throw new UnavailableError('Cross-boundary search is unavailable: the federation certificate expired');
    return { connection, credentials };
  }

  /** Stops answering other LAs' queries (the node stays able to search). */
  stopAnswering(): void {
    this.certificateLink.unsubscribe();
  }

  async onApplicationShutdown(): Promise<void> {
    this.certificateLink.stopFollowing();
    await this.certificateLink.drain();
  }
}
