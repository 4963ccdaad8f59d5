import { UnavailableError } from '@cp/errors';
import type { NodeSettings } from '../config/node-settings';
import type { NodeSearchBus } from '../cross-boundary-search/node-search-bus';
import { FederationCertificateStore } from '../federation/certificate-store';

/**
 * The node's link to the federation bus as it is now, never a stub:
 * - `not-configured`: NATS_URL unset; the node runs on its own (ready);
 * - `not-enrolled`: NATS_URL set but no certificate in FEDERATION_DIR, so no connection can be made;
 * - `disconnected`: no live connection (never made, closed, reconnecting, or no answer to a PING in time);
 * - `connected`: the search connection answered a PING; `rttMs` is its round trip.
 */
export type BusState =
  | { state: 'not-configured' }
  | { state: 'connected'; rttMs: number }
  | { state: 'not-enrolled' | 'disconnected'; message: string };

const DEFAULT_TIMEOUT_MS = 1500;

/** Raised when the bus does not answer a PING within the probe's timeout. */
class BusProbeTimeout extends UnavailableError {
  constructor(timeoutMs: number) {
    super(`The bus did not answer within ${timeoutMs} ms`);
  }
}

/**
 * Probes the connection cross-boundary search uses (NodeSearchBus: the node's connection to the hub over
 * mutual TLS, which reconnects by itself): a NATS PING answered by the server, within a timeout.
 */
export async function probeBus(
  settings: Pick<NodeSettings, 'NATS_URL' | 'FEDERATION_DIR'>,
  searchBus: Pick<NodeSearchBus, 'link'>,
  timeoutMs = DEFAULT_TIMEOUT_MS,
): Promise<BusState> {
  if (!settings.NATS_URL) return { state: 'not-configured' };
  if (!settings.FEDERATION_DIR || !new FederationCertificateStore(settings.FEDERATION_DIR).isEnrolled())
    return { state: 'not-enrolled', message: 'No federation certificate: enrol this node first' };
  let timer: NodeJS.Timeout | undefined;
  try {
    const { connection } = searchBus.link();
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new BusProbeTimeout(timeoutMs)), timeoutMs);
    });
    const rttMs = await Promise.race([connection.rtt(), timeout]);
    return { state: 'connected', rttMs };
  } catch (error) {
    // Messages here are the node's own (no personal data): what is wrong with the link.
    const message = error instanceof UnavailableError ? error.message : 'The bus connection is down';
    return { state: 'disconnected', message };
  } finally {
    if (timer) clearTimeout(timer);
  }
}
