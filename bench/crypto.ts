import { performance } from 'node:perf_hooks';
import { open, seal } from '@cp/locator';
import {
  certificateFingerprint,
  createCaCertificate,
  createCertificateRequest,
  generatePartyKeyPair,
  generateRsaKeyPair,
  issueLaCertificate,
  ReplayCache,
  signEnvelope,
  verifyCertificate,
  verifyEnvelope,
  PARTY_KEY_KINDS,
  type PartyKeyKind,
  type TrustedSender,
} from '@cp/pki';
import { machineDescription } from './lib/machine';

/**
 * `npm run bench:crypto`: what one federation cryptographic operation costs on this machine, per key kind
 * (issue 14, item 1). Each figure is the median of ROUNDS timings of BATCH operations, in microseconds per
 * operation, after a warm-up; keys and certificates are parsed once (as the libraries' caches do), so the
 * figures are the private and public key operations a search pays. Options: --rounds N (default 200).
 */
const argument = (name: string, fallback: number) => {
  const at = process.argv.indexOf(name);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
};
const ROUNDS = argument('--rounds', 200);
const BATCH = 10;
const LA = 'E09000033';
/** A search's query body: about what a sealed query carries (criteria, reply key, route id). */
const PAYLOAD = Buffer.from(
  JSON.stringify({ q: 'x'.repeat(600), replyKey: 'k'.repeat(44), routeId: 'r'.repeat(36) }),
);

function medianMicros(operation: () => unknown): number {
  for (let i = 0; i < BATCH * 20; i++) operation(); // warm-up: JIT, key caches
  const samples: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const start = performance.now();
    for (let i = 0; i < BATCH; i++) operation();
    samples.push(((performance.now() - start) * 1000) / BATCH);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)];
}

async function medianMicrosAsync(operation: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < BATCH * 20; i++) await operation();
  const samples: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const start = performance.now();
    for (let i = 0; i < BATCH; i++) await operation();
    samples.push(((performance.now() - start) * 1000) / BATCH);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)];
}

async function main(): Promise<void> {
  console.log(`bench:crypto on ${machineDescription('no database')}`);
  console.log(`median of ${ROUNDS} rounds of ${BATCH} operations, microseconds per operation\n`);
  const caKeys = await generateRsaKeyPair(3072);
  const ca = { certificatePem: createCaCertificate({ privateKeyPem: caKeys.privateKeyPem }), ...caKeys };
  const rows: [string, ...string[]][] = [];
  const figures = new Map<PartyKeyKind, Record<string, number>>();
  for (const kind of PARTY_KEY_KINDS) {
    const keys = await generatePartyKeyPair(kind);
    const csrPem = createCertificateRequest({ laCode: LA, privateKeyPem: keys.privateKeyPem });
    const { certificatePem } = issueLaCertificate({ ca, csrPem, laCode: LA });
    const fingerprint = certificateFingerprint(certificatePem);
    const trusted: TrustedSender = { sender: LA, certificatePem };
    const identity = { sender: LA, certFingerprint: fingerprint, privateKeyPem: keys.privateKeyPem };
    const message = { recipient: 'hub', type: 'search.query', body: { routeId: 'r1', n: 1 } };
    const envelope = signEnvelope(identity, message);
    const sealed = seal(PAYLOAD, certificatePem, fingerprint);
    const result: Record<string, number> = {
      sign: medianMicros(() => signEnvelope(identity, message)),
      // A fresh replay cache each time: the envelope's one nonce would otherwise be refused as replayed.
      verify: await medianMicrosAsync(() =>
        verifyEnvelope(envelope, {
          lookup: () => trusted,
          recipient: 'hub',
          replayCache: new ReplayCache(60_000),
        }),
      ),
      seal: medianMicros(() => seal(PAYLOAD, certificatePem, fingerprint)),
      open: medianMicros(() => open(sealed, keys.privateKeyPem)),
      'verify certificate': medianMicros(() =>
        verifyCertificate(certificatePem, { caCertificatePem: ca.certificatePem, expect: 'la' }),
      ),
      'issue from CSR': medianMicros(() => issueLaCertificate({ ca, csrPem, laCode: LA })),
      'make CSR': medianMicros(() =>
        createCertificateRequest({ laCode: LA, privateKeyPem: keys.privateKeyPem }),
      ),
    };
    figures.set(kind, result);
  }
  const operations = Object.keys(figures.get('rsa-2048') ?? {});
  rows.push(['operation', ...PARTY_KEY_KINDS, 'EC / RSA']);
  for (const operation of operations) {
    const rsa = figures.get('rsa-2048')?.[operation] ?? NaN;
    const ec = figures.get('ec-p256')?.[operation] ?? NaN;
    rows.push([operation, rsa.toFixed(1), ec.toFixed(1), (ec / rsa).toFixed(2)]);
  }
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  for (const row of rows) console.log(row.map((cell, column) => cell.padStart(widths[column])).join('  '));
  console.log('\n(verify certificate, issue from CSR: the CA is RSA-3072; the column is the leaf key kind)');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
