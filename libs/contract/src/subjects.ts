/**
 * NATS subjects. Every subject names the LA it belongs to, so nats-server permissions alone keep an LA
 * on its own subjects:
 *  - `cp.v1.hub.<LA>.<operation>`: requests from an LA to the hub (only that LA may publish them);
 *  - `cp.v1.la.<LA>.<operation>`: messages to an LA's node (only that LA may subscribe);
 *  - `_INBOX.<LA>.>`: that LA's reply inboxes (only that LA may subscribe).
 */
export const SUBJECT_ROOT = 'cp.v1';

export const HUB_OPERATIONS = { ping: 'ping', renew: 'renew' } as const;
export type HubOperation = (typeof HUB_OPERATIONS)[keyof typeof HUB_OPERATIONS];

/** The subject an LA publishes a request to the hub on. */
export function hubRequestSubject(laCode: string, operation: string): string {
  return `${SUBJECT_ROOT}.hub.${laCode}.${operation}`;
}

/** The pattern the hub subscribes to for one operation, from every LA. */
export function hubRequestPattern(operation: string): string {
  return `${SUBJECT_ROOT}.hub.*.${operation}`;
}

/** The LA code a hub request subject carries (the second-to-last token). */
export function laCodeOfHubSubject(subject: string): string | undefined {
  const parts = subject.split('.');
  if (parts.length !== 5 || `${parts[0]}.${parts[1]}` !== SUBJECT_ROOT || parts[2] !== 'hub')
    return undefined;
  return parts[3];
}

/** The subject the hub (or another party via the hub) sends to an LA's node on. */
export function laSubject(laCode: string, operation: string): string {
  return `${SUBJECT_ROOT}.la.${laCode}.${operation}`;
}

/** The reply-inbox prefix of an LA's connections. */
export function laInboxPrefix(laCode: string): string {
  return `_INBOX.${laCode}`;
}

/** The subject permissions an LA's certificate gets on nats-server. */
export function laPermissions(laCode: string): { publish: string[]; subscribe: string[] } {
  return {
    publish: [`${SUBJECT_ROOT}.hub.${laCode}.>`],
    subscribe: [`${SUBJECT_ROOT}.la.${laCode}.>`, `${laInboxPrefix(laCode)}.>`],
  };
}
