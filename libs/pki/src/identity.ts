/** Names the federation puts in certificates. One home, so issuing and checking agree. */
export const FEDERATION_ORGANISATION = 'ContactPoint Federation';
export const LA_URI_PREFIX = 'urn:contactpoint:la:';
export const HUB_URI = 'urn:contactpoint:hub';
export const HUB_SENDER = 'hub';
/** Hub operators: people who sign in to the hub's console with a client certificate. Never a bus party. */
export const OPERATOR_URI_PREFIX = 'urn:contactpoint:operator:';
export const OPERATOR_NAME_PATTERN = /^[a-z][a-z0-9-]{1,62}$/;

/** ONS code of an English local authority (E06, E07, E08, E09, E10 prefixes). */
export const LA_CODE_PATTERN = /^E(0[6-9]|10)\d{6}$/;

export function isLaCode(value: string): boolean {
  return LA_CODE_PATTERN.test(value);
}

export function laUri(laCode: string): string {
  return `${LA_URI_PREFIX}${laCode}`;
}

export function laCommonName(laCode: string): string {
  return `la-${laCode}`;
}

export function isOperatorName(value: string): boolean {
  return OPERATOR_NAME_PATTERN.test(value);
}

export function operatorUri(name: string): string {
  return `${OPERATOR_URI_PREFIX}${name}`;
}

export function operatorCommonName(name: string): string {
  return `operator-${name}`;
}

/** The issuance log's subject for an operator's certificate (an LA's is its code, the hub's 'hub'). */
export function operatorSubject(name: string): string {
  return `operator:${name}`;
}

/** The parties of the federation bus: an LA by its ONS code, or the hub. Only these sign messages. */
export type BusIdentity = { kind: 'la'; laCode: string } | { kind: 'hub' };

/**
 * Who a certificate speaks for: a bus party, or a hub operator (console and operations API only: no NATS
 * user, no signed messages, never accepted as an LA).
 */
export type FederationIdentity = BusIdentity | { kind: 'operator'; name: string };

export function isBusIdentity(identity: FederationIdentity): identity is BusIdentity {
  return identity.kind === 'la' || identity.kind === 'hub';
}

export function senderOf(identity: BusIdentity): string {
  return identity.kind === 'hub' ? HUB_SENDER : identity.laCode;
}
