import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { ClientProxyFactory, Transport, type ClientProxy } from '@nestjs/microservices';
import { InjectRepository } from '@nestjs/typeorm';
import { firstValueFrom, timeout } from 'rxjs';
import { Repository } from 'typeorm';
import {
  HUB_OPERATIONS,
  MESSAGE_TYPES,
  hubRequestSubject,
  type PongBody,
  type RefusalBody,
  type RenewResponseBody,
} from '@cp/contract';
import { UnavailableError } from '@cp/errors';
import {
  createCertificateRequest,
  DEFAULT_FRESHNESS_MS,
  EnvelopeRejectedError,
  generatePartyKeyPair,
  HUB_SENDER,
  natsClientOptions,
  ReplayCache,
  signEnvelope,
  verifyCertificate,
  verifyEnvelope,
  type JsonValue,
  type SignedEnvelope,
} from '@cp/pki';
import { messageLogInsert, receivedMessage, sentMessage, type LoggedMessage } from '@cp/message-log';
import { NODE_SETTINGS, NodeSettings } from '../config/node-settings';
import {
  checkCredentials,
  CredentialsProblem,
  FederationCertificateStore,
  type FederationCredentials,
} from './certificate-store';
import { NodeFederationMessage } from './federation-message.entity';
import { hubHttps } from './hub-https';
import { checkIssuanceLog } from './issuance-check';

const DAY_MS = 24 * 3600_000;

/** The hub refused a message (typed reason from its signed refusal). */
export class HubRefusedError extends UnavailableError {
  constructor(
    readonly reason: string,
    message: string,
  ) {
    super(`The hub refused the message (${reason}): ${message}`);
  }
}

/**
 * The node's link to the hub over mutual-TLS NATS: signs every request with the node's key, checks every
 * answer is signed by the hub's certificate, logs both, renews the certificate before it expires and
 * swaps connections without a gap. Refuses to send with an expired or missing certificate.
 */
@Injectable()
export class HubLinkService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(HubLinkService.name);
  private readonly replayCache = new ReplayCache(DEFAULT_FRESHNESS_MS);
  private client?: ClientProxy;
  private credentials?: FederationCredentials;
  private timer?: NodeJS.Timeout;
  private renewing?: Promise<void>;
  private readonly inFlight = new Map<ClientProxy, number>();

  constructor(
    @Inject(NODE_SETTINGS) private readonly settings: NodeSettings,
    private readonly store: FederationCertificateStore,
    @InjectRepository(NodeFederationMessage) private readonly messages: Repository<NodeFederationMessage>,
  ) {}

  onModuleInit(): void {
    try {
      this.credentials = this.store.load(this.settings.NODE_LA_CODE);
      this.logger.log(
        `Federation certificate ${this.credentials.certificate.serial} valid until ${this.credentials.certificate.notAfter.toISOString()}`,
      );
    } catch (error) {
      if (!(error instanceof CredentialsProblem)) throw error;
      if (!this.settings.FEDERATION_DIR) this.logger.warn('Federation is off: FEDERATION_DIR is not set');
      else if (error.reason === 'expired') this.logger.error(error.message);
      else this.logger.warn(`Federation is off: ${error.message}`);
    }
    this.timer = setInterval(() => void this.maintain(), this.settings.FEDERATION_CHECK_SECONDS * 1000);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.client?.close();
  }

  /** The certificate in use now, if any. */
  current(): FederationCredentials | undefined {
    return this.credentials;
  }

  /** A signed heartbeat; resolves with the hub's signed answer naming the LA it read from our certificate. */
  async ping(): Promise<PongBody> {
    const reply = await this.request(HUB_OPERATIONS.ping, MESSAGE_TYPES.ping, {
      sentAt: new Date().toISOString(),
    });
    return reply.body as PongBody;
  }

  /** Renews now: a new key made here, its CSR signed in an envelope with the current key. */
  renew(): Promise<void> {
    this.renewing ??= this.renewNow().finally(() => (this.renewing = undefined));
    return this.renewing;
  }

  private async renewNow(): Promise<void> {
    const before = this.usable();
    const keys = await generatePartyKeyPair(this.settings.FEDERATION_KEY_KIND);
    this.store.writePendingKey(keys.privateKeyPem);
    const csrPem = createCertificateRequest({ laCode: before.laCode, privateKeyPem: keys.privateKeyPem });
    const reply = await this.request(HUB_OPERATIONS.renew, MESSAGE_TYPES.renewRequest, { csrPem });
    const body = reply.body as RenewResponseBody;
    // The new certificate must be ours and from the same CA: a hub cannot swap the trust anchor here.
    checkCredentials({
      laCode: before.laCode,
      privateKeyPem: keys.privateKeyPem,
      certificatePem: body.certificatePem,
      caCertificatePem: before.caCertificatePem,
    });
    // Follow a renewed hub certificate only when it is the hub's and from our pinned CA.
    const hub = verifyCertificate(body.hubCertificatePem, {
      caCertificatePem: before.caCertificatePem,
      expect: 'hub',
    });
    this.store.install({
      certificatePem: body.certificatePem,
      caCertificatePem: before.caCertificatePem,
      hubCertificatePem: hub.ok ? body.hubCertificatePem : undefined,
    });
    const next = this.store.load(before.laCode);
    // Connect with the new certificate before closing the old connection, so no request finds no link.
    const nextClient = this.createClient(next);
    await nextClient.connect();
    const previousClient = this.client;
    this.client = nextClient;
    this.credentials = next;
    if (previousClient) void this.closeWhenIdle(previousClient);
    this.logger.log(
      `Federation certificate renewed: ${before.certificate.serial} -> ${next.certificate.serial}, valid until ${next.certificate.notAfter.toISOString()}`,
    );
  }

  /** Closes a replaced connection once the requests still waiting on it have their answers. */
  private async closeWhenIdle(client: ClientProxy): Promise<void> {
    const deadline = Date.now() + 15_000;
    while ((this.inFlight.get(client) ?? 0) > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    this.inFlight.delete(client);
    await client.close();
  }

  private async maintain(): Promise<void> {
    const credentials = this.credentials;
    if (!credentials) return;
    const remaining = credentials.certificate.notAfter.getTime() - Date.now();
    if (remaining <= 0) {
      this.logger.error(
        `Federation certificate ${credentials.certificate.serial} expired at ${credentials.certificate.notAfter.toISOString()}: federation traffic stopped; re-enrol (docs/operations.md)`,
      );
      return;
    }
    await this.checkIssuance(credentials);
    if (remaining < this.settings.FEDERATION_RENEW_BEFORE_DAYS * DAY_MS) {
      await this.renew().catch((error: unknown) =>
        this.logger.error(
          `Certificate renewal failed, will retry: ${error instanceof Error ? error.message : 'unknown'}`,
        ),
      );
    }
  }

  /** Looks for certificates issued in our name without our knowledge (threat model: a rogue CA operator). */
  private async checkIssuance(credentials: FederationCredentials): Promise<void> {
    if (!this.settings.HUB_URL) return;
    try {
      const result = await checkIssuanceLog({
        hubUrl: this.settings.HUB_URL,
        laCode: credentials.laCode,
        caCertificatePem: credentials.caCertificatePem,
        store: this.store,
      });
      if (result.ok) return;
      this.logger.error(
        `The CA's issuance log is wrong: chain ${result.broken === -1 ? 'intact' : `broken at ${result.broken}`}, ` +
          `${result.rewritten ? 'rewritten, ' : ''}unexpected certificates in our name: ` +
          `${result.unexpectedSerials.join(', ') || 'none'} (docs/operations.md, compromised key)`,
      );
    } catch (error) {
      this.logger.warn(
        `Could not check the issuance log: ${error instanceof Error ? error.message : 'unknown'}`,
      );
    }
  }

  private usable(): FederationCredentials {
    if (!this.settings.FEDERATION_DIR)
      throw new UnavailableError('Federation is off: FEDERATION_DIR is not set');
    if (!this.settings.NATS_URL) throw new UnavailableError('Federation is off: NATS_URL is not set');
    if (!this.credentials) {
      // Enrolment may have happened since start (CLI): pick it up.
      try {
        this.credentials = this.store.load(this.settings.NODE_LA_CODE);
      } catch (error) {
        if (error instanceof CredentialsProblem)
          throw new UnavailableError(`Federation is off: ${error.message}`);
        throw error;
      }
    }
    try {
      checkCredentials(this.credentials);
    } catch (error) {
      if (error instanceof CredentialsProblem) {
        this.logger.error(error.message);
        throw new UnavailableError(error.message);
      }
      throw error;
    }
    return this.credentials;
  }

  private createClient(credentials: FederationCredentials): ClientProxy {
    return ClientProxyFactory.create({
      transport: Transport.NATS,
      options: natsClientOptions({
        url: this.settings.NATS_URL ?? '',
        identity: { kind: 'la', laCode: credentials.laCode },
        name: `contactpoint-node-${credentials.laCode}`,
        tls: {
          caCertificatePem: credentials.caCertificatePem,
          certificatePem: credentials.certificatePem,
          privateKeyPem: credentials.privateKeyPem,
        },
      }),
    });
  }

  /** Sends one signed request to the hub and returns its verified, signed answer. */
  async request(operation: string, type: string, body: JsonValue): Promise<SignedEnvelope> {
    const credentials = this.usable();
    this.client ??= this.createClient(credentials);
    const envelope = signEnvelope(
      {
        sender: credentials.laCode,
        certFingerprint: credentials.certificate.fingerprint,
        privateKeyPem: credentials.privateKeyPem,
      },
      { recipient: HUB_SENDER, type, body },
    );
    await this.keep(sentMessage(envelope, credentials.certificatePem));
    const client = this.client;
    this.inFlight.set(client, (this.inFlight.get(client) ?? 0) + 1);
    let raw: unknown;
    try {
      raw = await firstValueFrom(
        client.send(hubRequestSubject(credentials.laCode, operation), envelope).pipe(timeout(10_000)),
      );
    } finally {
      this.inFlight.set(client, (this.inFlight.get(client) ?? 1) - 1);
    }
    const reply = await this.verifyFromHub(raw, credentials);
    if (reply.type === MESSAGE_TYPES.refusal) {
      const refusal = reply.body as RefusalBody;
      throw new HubRefusedError(refusal.reason, refusal.message);
    }
    return reply;
  }

  /** The hub certificate matching a fingerprint: the stored one, or the hub's renewed one fetched over HTTPS. */
  private async hubCertificateFor(
    fingerprint: string,
    credentials: FederationCredentials,
  ): Promise<string | undefined> {
    const check = (pem: string) =>
      verifyCertificate(pem, { caCertificatePem: credentials.caCertificatePem, expect: 'hub' });
    const stored = check(credentials.hubCertificatePem);
    if (stored.ok && stored.certificate.fingerprint === fingerprint) return credentials.hubCertificatePem;
    if (!this.settings.HUB_URL) return undefined;
    const response = await hubHttps(
      `${this.settings.HUB_URL.replace(/\/+$/, '')}/api/v1/federation/hub-certificate`,
      {
        method: 'GET',
        ca: credentials.caCertificatePem,
      },
    );
    const fetched = response.status === 200 ? check(response.body) : undefined;
    if (!fetched?.ok || fetched.certificate.fingerprint !== fingerprint) return undefined;
    this.store.updateHubCertificate(response.body);
    credentials.hubCertificatePem = response.body;
    this.logger.log(`Following the hub's renewed certificate ${fetched.certificate.serial}`);
    return response.body;
  }

  private async verifyFromHub(raw: unknown, credentials: FederationCredentials): Promise<SignedEnvelope> {
    let signerPem = '';
    try {
      const reply = await verifyEnvelope(raw, {
        lookup: async (fingerprint) => {
          const certificatePem = await this.hubCertificateFor(fingerprint, credentials);
          signerPem = certificatePem ?? '';
          return certificatePem ? { sender: HUB_SENDER, certificatePem } : undefined;
        },
        recipient: credentials.laCode,
        replayCache: this.replayCache,
      });
      await this.keep(receivedMessage(reply, signerPem));
      return reply;
    } catch (error) {
      if (!(error instanceof EnvelopeRejectedError)) throw error;
      this.logger.warn(`Refused an answer claiming to be from the hub: ${error.reason}`);
      await this.recordRefused(`refused:${error.reason}`, raw ?? {});
      throw new UnavailableError(`The hub's answer was refused (${error.reason})`);
    }
  }

  /** The message log (docs/security.md, "Message log"): the envelope as signed and its signer's certificate. */
  private async keep(message: LoggedMessage): Promise<void> {
    const { sql, parameters } = messageLogInsert([message]);
    await this.messages.query(sql, parameters);
  }

  /** A refused answer: ids and the reason only. */
  private async recordRefused(outcome: string, envelope: Partial<SignedEnvelope>): Promise<void> {
    const text = (value: unknown): string => (typeof value === 'string' ? value.slice(0, 100) : '-');
    await this.messages.insert({
      direction: 'received',
      outcome,
      sender: text(envelope.sender),
      recipient: text(envelope.recipient),
      type: text(envelope.type),
      nonce: text(envelope.nonce),
      certFingerprint: text(envelope.certFingerprint),
      loggedAt: new Date(),
      envelope: null,
    });
  }
}
