import type { ConnectionOptions } from 'nats';
import { natsClientOptions } from '@cp/pki';
import type { NodeSettings } from '../config/node-settings';
import {
  CredentialsProblem,
  FederationCertificateStore,
  type FederationCredentials,
} from './certificate-store';

/**
 * The node's stored federation credentials (FEDERATION_DIR) for a feature that runs on the bus, or
 * undefined, with `off` told why in words an LA IT team can act on, when they cannot be used (not enrolled,
 * expired, invalid). Any other failure is thrown.
 */
export function loadBusCredentials(
  settings: Pick<NodeSettings, 'FEDERATION_DIR' | 'NODE_LA_CODE'>,
  off: (reason: string) => void,
): FederationCredentials | undefined {
  try {
    return new FederationCertificateStore(settings.FEDERATION_DIR ?? '').load(settings.NODE_LA_CODE);
  } catch (error) {
    if (error instanceof CredentialsProblem) {
      off(error.message);
      return undefined;
    }
    throw error;
  }
}

/**
 * Options of one of the node's mutual-TLS NATS connections with its certificate (@cp/pki's one factory),
 * named `contactpoint-node-<LA>-<purpose>`.
 */
export function nodeBusOptions(
  url: string,
  credentials: Pick<
    FederationCredentials,
    'laCode' | 'caCertificatePem' | 'certificatePem' | 'privateKeyPem'
  >,
  purpose: string,
): ConnectionOptions & { servers: string[] } {
  return natsClientOptions({
    url,
    identity: { kind: 'la', laCode: credentials.laCode },
    name: `contactpoint-node-${credentials.laCode}-${purpose}`,
    tls: {
      caCertificatePem: credentials.caCertificatePem,
      certificatePem: credentials.certificatePem,
      privateKeyPem: credentials.privateKeyPem,
    },
  });
}
