import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { connect, type Msg, type NatsConnection, type Subscription } from 'nats';
import { searchForwardPattern, searchRoutePattern } from '@cp/contract';
import type { SignedEnvelope } from '@cp/pki';
import { CaCertificateSource } from '../trust/certificates/ca-certificate.source';
import { SearchRoutingService } from './search-routing.service';

/** Several hub processes share the work: each request goes to one of them. */
const QUEUE = 'cp-hub-search';

/**
 * Search routing on the federation bus: its own NATS connection over mutual TLS (options from @cp/pki's one
 * factory), subscribed to every LA's route and forward subjects. Starts by itself when NATS_URL and the
 * hub's PKI are configured; `attach` takes a connection made elsewhere (benchmarks).
 */
@Injectable()
export class SearchRoutingBus implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SearchRoutingBus.name);
  private owned?: NatsConnection;
  private subscriptions: Subscription[] = [];
  private attached?: Promise<void>;
  private markAttached?: () => void;

  constructor(
    private readonly source: CaCertificateSource,
    private readonly routing: SearchRoutingService,
  ) {
    this.attached = new Promise((resolve) => (this.markAttached = resolve));
  }

  /** Resolves once the hub listens for searches. */
  ready(): Promise<void> {
    return this.attached ?? Promise.resolve();
  }

  onApplicationBootstrap(): void {
    const options = this.source.busOptions('contactpoint-hub-search', (reason) =>
      this.logger.warn(`Search routing not started: ${reason}`),
    );
    if (!options) return;
    // noAsyncTraces: no Error (stack capture) made for every request and timer; failures still carry codes.
    connect({ ...options, waitOnFirstConnect: true, noAsyncTraces: true })
      .then((connection) => {
        this.owned = connection;
        this.attach(connection);
      })
      .catch((error: unknown) => this.logger.error(`Search routing not started: ${String(error)}`));
  }

  attach(connection: NatsConnection): void {
    this.detach();
    const serve = (pattern: string, handle: (message: Msg, payload: unknown) => Promise<SignedEnvelope>) =>
      connection.subscribe(pattern, {
        queue: QUEUE,
        callback: (error, message) => {
          if (error) return;
          let payload: unknown;
          try {
            payload = JSON.parse(message.string()) as unknown;
          } catch {
            payload = undefined; // refused as malformed by the envelope check
          }
          handle(message, payload)
            .then((reply) => message.respond(JSON.stringify(reply)))
            .catch((failure: unknown) => {
              // Names the error class only: a driver message could carry parameters.
              this.logger.error(
                `Search routing failed on ${message.subject}: ${failure instanceof Error ? failure.name : 'unknown'}`,
              );
              // The asking node gets a signed refusal at once rather than waiting for its timeout.
              message.respond(JSON.stringify(this.routing.internalRefusal(message.subject)));
            });
        },
      });
    this.subscriptions = [
      serve(searchRoutePattern(), (message, payload) => this.routing.route(message.subject, payload)),
      serve(searchForwardPattern(), (message, payload) =>
        this.routing.forward(message.subject, payload, connection),
      ),
    ];
    void connection.flush().then(() => {
      this.logger.log('Search routing listening');
      this.markAttached?.();
    });
  }

  detach(): void {
    for (const subscription of this.subscriptions) subscription.unsubscribe();
    this.subscriptions = [];
  }

  async onApplicationShutdown(): Promise<void> {
    this.detach();
    if (this.owned) await this.owned.drain().catch(() => undefined);
  }
}
