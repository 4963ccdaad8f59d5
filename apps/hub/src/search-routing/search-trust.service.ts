import { Injectable } from '@nestjs/common';
import { X509Certificate } from 'node:crypto';
import { DataSource } from 'typeorm';
import { laCodeOfHubSubject } from '@cp/contract';
import {
  DEFAULT_FRESHNESS_MS,
  EnvelopeRejectedError,
  HUB_SENDER,
  ReplayCache,
  signEnvelope,
  verifyEnvelope,
  type JsonValue,
  type SignedEnvelope,
  type SigningIdentity,
  type TrustedSender,
} from '@cp/pki';
import { CaCertificateSource } from '../trust/certificates/ca-certificate.source';
import { CertificateRegistryService } from '../trust/certificates/certificate-registry.service';

/** Revocations and refusals are re-read this often: well inside the federation's 30 s revocation target. */
const TRUST_CACHE_MS = 5_000;
const CACHE_LIMIT = 10_000;

interface Cached<T> {
  value: T;
  until: number;
}

/** A signed message from an LA, verified, with the certificate that signed it. */
export interface VerifiedFromLa {
  envelope: SignedEnvelope;
  certificatePem: string;
}

/**
 * Trust for search routing: verifies what LAs send the hub (certificate from our CA and log, unrevoked,
 * sender equal to the subject's LA, fresh, not replayed), signs the hub's answers, and names each LA's
 * current certificate so queries can be sealed for it. Nothing of a search message's sealed parts is
 * read: the routing log (SearchRoutingLogEntry) keeps metadata, the message log
 * (MessageLogService) each signed message as signed, sealed bodies sealed.
 */
@Injectable()
export class SearchTrustService {
  private readonly replayCache = new ReplayCache(DEFAULT_FRESHNESS_MS);
  private readonly senders = new Map<string, Cached<TrustedSender | undefined>>();
  private readonly current = new Map<string, Cached<string | undefined>>();
  private readonly validity = new Map<string, { serial: string; notBefore: number; notAfter: number }>();
  private revoked?: Cached<Set<string>>;
  private identity?: SigningIdentity;
  private hubPem?: string;

  constructor(
    private readonly registry: CertificateRegistryService,
    private readonly source: CaCertificateSource,
    private readonly dataSource: DataSource,
  ) {}

  async verifyFromLa(subject: string, payload: unknown, type: string): Promise<VerifiedFromLa> {
    const subjectLa = laCodeOfHubSubject(subject) ?? 'unknown';
    let certificatePem = '';
    const envelope = await verifyEnvelope(payload, {
      lookup: async (fingerprint) => {
        const trusted = await this.trustedSender(fingerprint);
        certificatePem = trusted?.certificatePem ?? '';
        return trusted;
      },
      recipient: HUB_SENDER,
      type,
      replayCache: this.replayCache,
    });
    if (envelope.sender !== subjectLa)
      throw new EnvelopeRejectedError('sender-mismatch', `sent on ${subjectLa}'s subject`);
    return { envelope, certificatePem };
  }

  /** The hub's certificate (what its signatures are checked with), read once. */
  hubCertificatePem(): string {
    this.hubPem ??= this.source.hubCertificatePem();
    return this.hubPem;
  }

  sign<B extends JsonValue>(recipient: string, type: string, body: B): SignedEnvelope<B> {
    this.identity ??= this.source.hubSigningIdentity();
    return signEnvelope(this.identity, { recipient, type, body });
  }

  /** The registered, usable certificate of `laCode` with this fingerprint (an answering node's), if any. */
  async certificateOf(laCode: string, fingerprint: string): Promise<string | undefined> {
    const trusted = await this.trustedSender(fingerprint);
    if (!trusted || trusted.unusableBecause || trusted.sender !== laCode) return undefined;
    return trusted.certificatePem;
  }

  /**
   * Each LA's newest certificate that is in date and unrevoked: what a query to it is sealed for.
   * LAs without one are left out of the map (they cannot be sent a query).
   */
  async currentCertificates(laCodes: string[]): Promise<Map<string, string>> {
    const now = Date.now();
    const found = new Map<string, string>();
    const missing: string[] = [];
    for (const laCode of laCodes) {
      const cached = this.current.get(laCode);
      if (cached && cached.until > now) {
        if (cached.value) found.set(laCode, cached.value);
      } else missing.push(laCode);
    }
    if (missing.length > 0) {
      const rows = await this.dataSource.query<{ subject: string; certificate_pem: string }[]>(
        `SELECT DISTINCT ON (subject) subject, certificate_pem
           FROM issued_certificate c
          WHERE subject = ANY($1::text[]) AND not_before <= now() AND not_after > now()
            AND NOT EXISTS (SELECT 1 FROM certificate_revocation r WHERE r.serial = c.serial)
          ORDER BY subject, sequence DESC`,
        [missing],
      );
      const bySubject = new Map(rows.map((row) => [row.subject, row.certificate_pem]));
      if (this.current.size > CACHE_LIMIT) this.current.clear();
      for (const laCode of missing) {
        const pem = bySubject.get(laCode);
        this.current.set(laCode, { value: pem, until: now + TRUST_CACHE_MS });
        if (pem) found.set(laCode, pem);
      }
    }
    return found;
  }

  /**
   * A registered certificate's trust now. What cannot change about a certificate (issued by our CA, in our
   * log, naming this LA, right usages: the slow part, the certificate parsed) is remembered; what can
   * (revocation, expiry) is checked on every message, against revocations re-read every few seconds.
   */
  private async trustedSender(fingerprint: string): Promise<TrustedSender | undefined> {
    const now = Date.now();
    const cached = this.senders.get(fingerprint);
    let known =
      cached && (cached.value?.unusableBecause === undefined || cached.until > now) ? cached : undefined;
    if (!known) {
      const value = await this.registry.trustedSender(fingerprint);
      if (this.senders.size > CACHE_LIMIT) this.senders.clear();
      known = { value, until: now + TRUST_CACHE_MS };
      this.senders.set(fingerprint, known);
      if (value && !value.unusableBecause) {
        const x509 = new X509Certificate(value.certificatePem);
        this.validity.set(fingerprint, {
          serial: x509.serialNumber.toLowerCase(),
          notBefore: new Date(x509.validFrom).getTime(),
          notAfter: new Date(x509.validTo).getTime(),
        });
      }
    }
    const value = known.value;
    if (!value || value.unusableBecause) return value;
    const validity = this.validity.get(fingerprint);
    if (!validity || now < validity.notBefore || now > validity.notAfter)
      return { ...value, unusableBecause: 'expired' };
    if ((await this.revokedSerials()).has(validity.serial)) return { ...value, unusableBecause: 'revoked' };
    return value;
  }

  private async revokedSerials(): Promise<Set<string>> {
    const now = Date.now();
    if (!this.revoked || this.revoked.until <= now) {
      const rows = await this.dataSource.query<{ serial: string }[]>(
        `SELECT serial FROM certificate_revocation`,
      );
      this.revoked = { value: new Set(rows.map((row) => row.serial)), until: now + TRUST_CACHE_MS };
    }
    return this.revoked.value;
  }
}
