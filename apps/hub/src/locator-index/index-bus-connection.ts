import { Injectable } from '@nestjs/common';
import type { NatsConnection } from 'nats';

/** The hub's NATS connection for the index feed, once there is one (mutual TLS only; see HubIndexBus). */
@Injectable()
export class IndexBusConnection {
  private connection?: NatsConnection;

  set(connection: NatsConnection | undefined): void {
    this.connection = connection;
  }

  current(): NatsConnection | undefined {
    return this.connection && !this.connection.isClosed() ? this.connection : undefined;
  }
}
