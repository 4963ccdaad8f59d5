import type { ConnectionOptions } from 'nats';
import { laInboxPrefix } from '@cp/contract';
import type { BusIdentity } from './identity';

export interface NatsTlsMaterial {
  caCertificatePem: string;
  certificatePem: string;
  privateKeyPem: string;
}

/**
 * The one factory of NATS client options (for Nest's transport and the raw client alike):
 * TLS always, with the party's certificate and the federation CA as the only trust anchor.
 */
export function natsClientOptions(input: {
  url: string;
  identity: BusIdentity;
  tls: NatsTlsMaterial;
  name?: string;
}): ConnectionOptions & { servers: string[] } {
  const url = new URL(input.url);
  if (url.protocol !== 'tls:') throw new Error('Federation NATS URLs must be tls://host:port');
  return {
    servers: [input.url],
    name: input.name,
    tls: { ca: input.tls.caCertificatePem, cert: input.tls.certificatePem, key: input.tls.privateKeyPem },
    inboxPrefix: input.identity.kind === 'la' ? laInboxPrefix(input.identity.laCode) : undefined,
    reconnect: true,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 1000,
  };
}
