/** Names the federation puts in certificates. One home, so issuing and checking agree. */
export const FEDERATION_ORGANISATION = 'ContactPoint Federation';
export const LA_URI_PREFIX = 'urn:contactpoint:la:';
export const HUB_URI = 'urn:contactpoint:hub';
export const HUB_SENDER = 'hub';

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

/** Who a certificate speaks for: an LA by its ONS code, or the hub. */
export type FederationIdentity = { kind: 'la'; laCode: string } | { kind: 'hub' };

export function senderOf(identity: FederationIdentity): string {
  return identity.kind === 'hub' ? HUB_SENDER : identity.laCode;
}
