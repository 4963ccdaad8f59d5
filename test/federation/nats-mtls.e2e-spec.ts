import { connect, type NatsConnection } from 'nats';
import {
  createCaCertificate,
  createCertificateRequest,
  generateRsaKeyPair,
  issueCertificate,
  issueLaCertificate,
  natsClientOptions,
  type CaMaterial,
  type KeyPairPem,
  type NatsCertificateUser,
} from '@cp/pki';
import { laPermissions } from '@cp/contract';
import { createTestPki, startNatsTls, type RunningNats, type TestPki } from '../support/nats-tls';

/**
 * The bus itself: a real nats-server with TLS and client-certificate verification against a CA this
 * test makes. Every refusal is shown both at the client and in nats-server's log.
 */
const LA_A = 'E09000033';
const LA_B = 'E09000001';
const DAY = 86_400_000;

let pki: TestPki;
let nats: RunningNats;
let keys: KeyPairPem;
let users: NatsCertificateUser[];
const certs: Record<string, { certificatePem: string; serial: string }> = {};

function laCertificate(ca: CaMaterial, laCode: string, notBefore: Date, notAfter: Date, usage = true) {
  return issueCertificate({
    ca,
    publicKeyPem: keys.publicKeyPem,
    commonName: `la-${laCode}`,
    unit: laCode,
    notBefore,
    notAfter,
    altNames: [{ type: 6, value: `urn:contactpoint:la:${laCode}` }],
    keyUsage: usage ? { digitalSignature: true, keyEncipherment: true } : { keyEncipherment: true },
    extKeyUsage: usage ? { clientAuth: true } : { serverAuth: true },
  });
}

jest.setTimeout(60_000);

type Attempt = { connection: NatsConnection } | { refused: string };

async function attempt(certificatePem?: string, caPem = pki.ca.certificatePem): Promise<Attempt> {
  const options = natsClientOptions({
    url: nats.url,
    identity: { kind: 'la', laCode: LA_A },
    tls: { caCertificatePem: caPem, certificatePem: certificatePem ?? '', privateKeyPem: keys.privateKeyPem },
  });
  if (!certificatePem) options.tls = { ca: caPem };
  try {
    return {
      connection: await connect({ ...options, reconnect: false, maxReconnectAttempts: 0, timeout: 3000 }),
    };
  } catch (error) {
    return { refused: String(error) };
  }
}

beforeAll(async () => {
  pki = await createTestPki();
  keys = await generateRsaKeyPair(2048);
  const now = Date.now();
  const csr = (laCode: string): string =>
    createCertificateRequest({ laCode, privateKeyPem: keys.privateKeyPem });
  certs.a = issueLaCertificate({ ca: pki.ca, laCode: LA_A, csrPem: csr(LA_A) });
  certs.b = issueLaCertificate({ ca: pki.ca, laCode: LA_B, csrPem: csr(LA_B) });
  certs.revoked = issueLaCertificate({ ca: pki.ca, laCode: LA_A, csrPem: csr(LA_A) });
  certs.expired = laCertificate(pki.ca, LA_A, new Date(now - 40 * DAY), new Date(now - DAY));
  certs.future = laCertificate(pki.ca, LA_A, new Date(now + DAY), new Date(now + 40 * DAY));
  certs.wrongUsage = laCertificate(pki.ca, LA_A, new Date(now - DAY), new Date(now + 30 * DAY), false);
  // Every one of them is a configured user: refusals below come from certificate checks, not a missing user.
  users = [
    { identity: { kind: 'hub' }, serial: pki.hub.serial },
    ...Object.entries(certs).map(([name, cert]) => ({
      identity: { kind: 'la' as const, laCode: name === 'b' ? LA_B : LA_A },
      serial: cert.serial,
    })),
  ];
  nats = await startNatsTls({ ca: pki.ca, server: pki.hub, users, jetStream: true });
});

afterAll(async () => {
  await nats?.stop();
});

function connected(result: Attempt): NatsConnection {
  if ('refused' in result) throw new Error(`refused: ${result.refused}`);
  return result.connection;
}

async function expectRefused(run: () => Promise<Attempt>, log: RegExp): Promise<void> {
  const since = nats.mark();
  const result = await run();
  if ('connection' in result) await result.connection.close();
  expect(result).toHaveProperty('refused');
  await expect(nats.waitForLog(log, 5000, since)).resolves.toMatch(log);
}

describe('nats-server with mutual TLS', () => {
  it('accepts an LA certificate from the federation CA', async () => {
    const connection = connected(await attempt(certs.a.certificatePem));
    expect(connection.isClosed()).toBe(false);
    await connection.close();
  });

  it('refuses a client without a certificate', async () => {
    await expectRefused(() => attempt(undefined), /TLS handshake error.*didn't provide a certificate/);
  });

  it('refuses a self-signed certificate', async () => {
    const selfSigned = createCaCertificate({ privateKeyPem: keys.privateKeyPem, name: `la-${LA_A}` });
    await expectRefused(() => attempt(selfSigned), /TLS handshake error.*unknown authority/);
  });

  it('refuses a certificate from another CA with the same subject', async () => {
    const otherKeys = await generateRsaKeyPair(2048);
    const otherCa = {
      certificatePem: createCaCertificate({
        privateKeyPem: otherKeys.privateKeyPem,
        name: 'Test Federation CA',
      }),
      privateKeyPem: otherKeys.privateKeyPem,
    };
    const forged = issueLaCertificate({
      ca: otherCa,
      laCode: LA_A,
      csrPem: createCertificateRequest({ laCode: LA_A, privateKeyPem: keys.privateKeyPem }),
    });
    await expectRefused(() => attempt(forged.certificatePem), /TLS handshake error.*unknown authority/);
  });

  it('refuses an expired certificate', async () => {
    await expectRefused(
      () => attempt(certs.expired.certificatePem),
      /TLS handshake error.*expired.*is after/,
    );
  });

  it('refuses a certificate that is not yet valid', async () => {
    await expectRefused(
      () => attempt(certs.future.certificatePem),
      /TLS handshake error.*not yet valid.*is before/,
    );
  });

  it('refuses a certificate with the wrong key usage (server-only)', async () => {
    await expectRefused(() => attempt(certs.wrongUsage.certificatePem), /TLS handshake error.*usage/);
  });

  it("refuses LA A's certificate publishing or subscribing as LA B", async () => {
    const connection = connected(await attempt(certs.a.certificatePem));
    const errors: string[] = [];
    void (async () => {
      for await (const status of connection.status())
        if (String(status.type) === 'error') errors.push(JSON.stringify(status.data));
    })();
    const since = nats.mark();
    connection.publish(`cp.v1.hub.${LA_B}.ping`, new Uint8Array());
    connection.subscribe(`cp.v1.la.${LA_B}.>`);
    await connection.flush();
    await expect(
      nats.waitForLog(/Publish Violation.*cp\.v1\.hub\.E09000001\.ping/, 5000, since),
    ).resolves.toBeTruthy();
    await expect(
      nats.waitForLog(/Subscription Violation.*cp\.v1\.la\.E09000001/, 5000, since),
    ).resolves.toBeTruthy();
    // The client hears of the violation asynchronously, after the server has logged it.
    for (let waited = 0; !errors.includes('"PERMISSIONS_VIOLATION"') && waited < 5000; waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(errors).toContain('"PERMISSIONS_VIOLATION"');
    // Its own subjects work: A may publish to the hub on A's subject.
    expect(laPermissions(LA_A).publish).toEqual([`cp.v1.hub.${LA_A}.>`, '_R_.>']);
    await connection.close();
  });

  it('drops an open connection and refuses new ones once a certificate is revoked', async () => {
    const connection = connected(await attempt(certs.revoked.certificatePem));
    const closed = connection.closed();
    const statuses: string[] = [];
    void (async () => {
      for await (const status of connection.status())
        statuses.push(`${String(status.type)}:${JSON.stringify(status.data)}`);
    })();
    const revokedAt = Date.now();
    await nats.reloadWithUsers(users.filter((user) => user.serial !== certs.revoked.serial));
    await new Promise<void>((resolve, reject) => {
      const started = Date.now();
      const timer = setInterval(() => {
        if (statuses.some((s) => s.startsWith('disconnect'))) {
          clearInterval(timer);
          resolve();
        } else if (Date.now() - started > 30_000) {
          clearInterval(timer);
          reject(new Error(`still connected: ${statuses.join(', ')}`));
        }
      }, 50);
    });
    expect(Date.now() - revokedAt).toBeLessThan(30_000);
    await connection.close();
    await closed;
    await expectRefused(
      () => attempt(certs.revoked.certificatePem),
      /authentication error|Authorization Error/,
    );
    // LA B, not revoked, still connects.
    const other = connected(await attempt(certs.b.certificatePem));
    expect(other.isClosed()).toBe(false);
    await other.close();
  });
});
