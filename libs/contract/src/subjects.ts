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

/**
 * NATS accounts (the isolation nats-server enforces): the hub and JetStream live in the hub's account;
 * each LA has an account of its own. Accounts share nothing but these imports and exports:
 *  - the hub's account exports `cp.v1.hub.<LA>.>` as a service to that LA's account only;
 *  - each LA's account exports `cp.v1.la.<LA>.>` as a service to the hub's account only.
 * A request crossing an account gets a reply subject the server makes (`_R_...`) that leads back to the
 * requesting account only, so whatever reply subject an LA sets, the hub's answer and JetStream's
 * acknowledgement land in the LA's own account, where there is no JetStream API and no other LA.
 */
export const HUB_ACCOUNT = 'HUB';

/** The NATS account of one LA. */
export function laAccount(laCode: string): string {
  return `LA_${laCode}`;
}

/** What an LA's account offers the hub (requests to its node) and imports from it (its requests). */
export function laServiceSubjects(laCode: string): { toHub: string; toLa: string } {
  return { toHub: `${SUBJECT_ROOT}.hub.${laCode}.>`, toLa: `${SUBJECT_ROOT}.la.${laCode}.>` };
}

export interface BusPermissions {
  publish: string[];
  subscribe: string[];
}

/**
 * Reply subjects the server makes for a request that crossed accounts. Each leads back to the one
 * requester, once; publishing on them is allowed outright (as well as `allow_responses`) because
 * nats-server 2.9 forgets the responses it allowed when it reloads its configuration, which the hub
 * makes it do at every issuance and revocation, and an answer in flight then would be refused.
 */
export const SERVICE_REPLY_SUBJECTS = '_R_.>';

/** The subject permissions an LA's certificate gets on nats-server, inside its own account. */
export function laPermissions(laCode: string): BusPermissions {
  const { toHub, toLa } = laServiceSubjects(laCode);
  return { publish: [toHub, SERVICE_REPLY_SUBJECTS], subscribe: [toLa, `${laInboxPrefix(laCode)}.>`] };
}

/**
 * The hub's explicit allow-list, inside its own account: requests to nodes, the JetStream API of its own
 * account (the streams and consumers it manages, pulls and acknowledgements), and its own inboxes. It
 * may not publish on the LAs' request subjects (only an LA speaks there), and even the hub's own
 * certificate may not purge or delete a stream, a stored message or a consumer: what an LA published
 * stays until the stream's own limits retire it. Answers to LAs' requests go out under
 * `allow_responses` (once per request, to the server-made reply subject).
 */
export function hubPermissions(): BusPermissions & { publishDeny: string[] } {
  return {
    publish: [`${SUBJECT_ROOT}.la.*.>`, SERVICE_REPLY_SUBJECTS, '$JS.API.>', '$JS.ACK.>'],
    publishDeny: [
      '$JS.API.STREAM.PURGE.>',
      '$JS.API.STREAM.DELETE.>',
      '$JS.API.STREAM.MSG.DELETE.>',
      '$JS.API.CONSUMER.DELETE.>',
    ],
    subscribe: [`${SUBJECT_ROOT}.hub.*.>`, '_INBOX.>'],
  };
}
