/** Envelope bodies of the hub-node contract. Envelope `type` values name them. */
export const MESSAGE_TYPES = {
  ping: 'ping',
  pong: 'pong',
  renewRequest: 'renew-request',
  renewResponse: 'renew-response',
  refusal: 'refusal',
} as const;

/** A node's signed heartbeat: proves it holds its key and the link works. */
export interface PingBody {
  [key: string]: string;
  sentAt: string;
}

export interface PongBody {
  [key: string]: string;
  /** The LA the hub read from the verified certificate. */
  laCode: string;
  receivedAt: string;
}

/** Renewal: the node's new CSR, signed in an envelope with its current (still valid) key. */
export interface RenewRequestBody {
  [key: string]: string;
  csrPem: string;
}

export interface RenewResponseBody {
  [key: string]: string;
  certificatePem: string;
  caCertificatePem: string;
  /** The hub's current certificate, so nodes follow a hub certificate renewal. */
  hubCertificatePem: string;
  serial: string;
}

/** What a party says when it refuses a message; never personal data. */
export interface RefusalBody {
  [key: string]: string;
  reason: string;
  message: string;
}

/** HTTP enrolment (POST /api/v1/enrolments) response. */
export interface EnrolmentResponse {
  laCode: string;
  serial: string;
  certificatePem: string;
  caCertificatePem: string;
  hubCertificatePem: string;
  notAfter: string;
}
