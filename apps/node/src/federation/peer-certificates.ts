import { verifyCertificate, type VerifiedCertificate } from '@cp/pki';

/** Another LA's certificate that does not check out: the message or route using it is refused. */
export class PeerCertificateError extends Error {
  constructor(readonly reason: string) {
    super(`Peer certificate refused: ${reason}`);
    this.name = 'PeerCertificateError';
  }
}

// A certificate's chain and names do not change; expiry is checked on every use below.
const CACHE_MS = 10 * 60_000;
const cache = new Map<string, { certificate: VerifiedCertificate; until: number }>();

/**
 * Checks another LA's certificate before sealing to it or believing its signature: issued by our
 * federation CA (the one pinned at enrolment, not one the hub hands over), in date, an LA certificate,
 * naming exactly `laCode`. Revocation is the hub's (its registry and nats-server drop revoked ones).
 */
export function verifyPeerCertificate(
  certificatePem: string,
  laCode: string,
  caCertificatePem: string,
): VerifiedCertificate {
  const now = Date.now();
  const key = `${caCertificatePem}\n${certificatePem}`;
  const cached = cache.get(key);
  let certificate = cached && cached.until > now ? cached.certificate : undefined;
  if (!certificate) {
    const check = verifyCertificate(certificatePem, { caCertificatePem, expect: 'la' });
    if (!check.ok) throw new PeerCertificateError(check.reason);
    certificate = check.certificate;
    if (cache.size > 1000) cache.clear();
    cache.set(key, { certificate, until: now + CACHE_MS });
  }
  if (certificate.notAfter.getTime() < now) throw new PeerCertificateError('expired');
  if (certificate.identity.kind !== 'la' || certificate.identity.laCode !== laCode)
    throw new PeerCertificateError('identity-mismatch');
  return certificate;
}
