import { ClientProxyFactory, Transport, type ClientProxy } from '@nestjs/microservices';
import { DataSource } from 'typeorm';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'nats';
import { firstValueFrom, timeout } from 'rxjs';
import { hubRequestSubject } from '@cp/contract';
import {
  createCertificateRequest,
  generateRsaKeyPair,
  natsClientOptions,
  signEnvelope,
  type JsonValue,
  type SignedEnvelope,
} from '@cp/pki';
import { CaService } from '../../apps/hub/src/trust/ca/ca.service';
import { RevocationService } from '../../apps/hub/src/trust/revocation/revocation.service';
import { FederationService } from '../../apps/hub/src/federation/federation.service';
import { EnrolmentService } from '../../apps/hub/src/trust/enrolment/enrolment.service';
import { enrolNode } from '../../apps/node/src/federation/enrolment-client';
import { checkIssuanceLog } from '../../apps/node/src/federation/issuance-check';
import { hubHttps } from '../../apps/node/src/federation/hub-https';
import { HubLinkService } from '../../apps/node/src/federation/hub-link.service';
import {
  FederationCertificateStore,
  type FederationCredentials,
} from '../../apps/node/src/federation/certificate-store';
import {
  enrol,
  startHub,
  startNodeFederation,
  type HubUnderTest,
  type NodeUnderTest,
} from './federation-stack';

/**
 * The whole trust path: a real hub (HTTPS + NATS transport, PostgreSQL) and a real node federation module
 * over a real nats-server with mutual TLS. Refusals are shown at the hub (signed refusal + message log).
 */
jest.setTimeout(120_000);

const LA_A = 'E09000033';
const LA_B = 'E09000001';
const LA_C = 'E09000002';

let hub: HubUnderTest;
let node: NodeUnderTest;
let link: HubLinkService;

beforeAll(async () => {
  hub = await startHub();
  node = await startNodeFederation({ laCode: LA_A, natsUrl: hub.nats.url, hubUrl: hub.url });
  await enrol(hub, LA_A, node.dir);
  link = node.app.get(HubLinkService);
});

afterAll(async () => {
  await node?.stop();
  await hub?.stop();
});

function rawClient(credentials: FederationCredentials): ClientProxy {
  return ClientProxyFactory.create({
    transport: Transport.NATS,
    options: natsClientOptions({
      url: hub.nats.url,
      identity: { kind: 'la', laCode: credentials.laCode },
      tls: {
        caCertificatePem: credentials.caCertificatePem,
        certificatePem: credentials.certificatePem,
        privateKeyPem: credentials.privateKeyPem,
      },
    }),
  });
}

function signedBy(
  credentials: FederationCredentials,
  sender: string,
  body: JsonValue,
  at?: number,
): SignedEnvelope {
  return signEnvelope(
    {
      sender,
      certFingerprint: credentials.certificate.fingerprint,
      privateKeyPem: credentials.privateKeyPem,
    },
    { recipient: 'hub', type: 'ping', body },
    at,
  );
}

async function send(client: ClientProxy, laCode: string, envelope: unknown): Promise<SignedEnvelope> {
  return firstValueFrom(
    client.send<SignedEnvelope>(hubRequestSubject(laCode, 'ping'), envelope).pipe(timeout(5000)),
  );
}

async function hubLog(nonce: string): Promise<string[]> {
  const rows = await hub.app
    .get(DataSource)
    .query<{ outcome: string }[]>(`SELECT outcome FROM federation_message WHERE nonce = $1 ORDER BY id`, [
      nonce,
    ]);
  return rows.map((row) => row.outcome);
}

describe('enrolment', () => {
  it('keeps the private key on the node, readable by the service alone', () => {
    expect(statSync(node.store.paths.key).mode & 0o777).toBe(0o600);
    const credentials = node.store.load(LA_A);
    expect(credentials.certificate.identity).toEqual({ kind: 'la', laCode: LA_A });
  });

  it('refuses a token a second time, and an unknown field', async () => {
    const keys = await generateRsaKeyPair(2048);
    const csrPem = createCertificateRequest({ laCode: LA_C, privateKeyPem: keys.privateKeyPem });
    const token = await hub.app.get(EnrolmentService).createToken(LA_C);
    const first = await hubHttps(`${hub.url}/api/v1/enrolments`, {
      method: 'POST',
      body: { token: token.token, csrPem },
      ca: hub.caCertificatePem,
    });
    expect(first.status).toBe(201);
    const again = await hubHttps(`${hub.url}/api/v1/enrolments`, {
      method: 'POST',
      body: { token: token.token, csrPem },
      ca: hub.caCertificatePem,
    });
    expect(again.status).toBe(401);
    const extra = await hubHttps(`${hub.url}/api/v1/enrolments`, {
      method: 'POST',
      body: { token: token.token, csrPem, caseNotes: 'x' },
      ca: hub.caCertificatePem,
    });
    expect(extra.status).toBe(400);
    expect(extra.body).toContain('caseNotes');
  });

  it('lets two simultaneous uses of one token make exactly one certificate', async () => {
    const token = await hub.app.get(EnrolmentService).createToken(LA_C);
    const attempt = async () => {
      const keys = await generateRsaKeyPair(2048);
      const csrPem = createCertificateRequest({ laCode: LA_C, privateKeyPem: keys.privateKeyPem });
      return (
        await hubHttps(`${hub.url}/api/v1/enrolments`, {
          method: 'POST',
          body: { token: token.token, csrPem },
          ca: hub.caCertificatePem,
        })
      ).status;
    };
    const statuses = await Promise.all([attempt(), attempt()]);
    expect(statuses.sort()).toEqual([201, 401]);
  });

  it('refuses to enrol against a CA other than the pinned one', async () => {
    await expect(enrolWithPin('f'.repeat(64))).rejects.toThrow(/fingerprint is not the one given/);
  });
});

describe('signed messages between an enrolled node and the hub', () => {
  it('exchanges a signed ping and a signed answer naming the LA from the certificate', async () => {
    const pong = await link.ping();
    expect(pong.laCode).toBe(LA_A);
    const nodeRows = await node.app
      .get(DataSource)
      .query<{ direction: string; outcome: string; type: string }[]>(
        `SELECT direction, outcome, type FROM federation_message ORDER BY id`,
      );
    expect(nodeRows).toEqual(
      expect.arrayContaining([
        { direction: 'sent', outcome: 'sent', type: 'ping' },
        { direction: 'received', outcome: 'accepted', type: 'pong' },
      ]),
    );
  });

  it('refuses a replayed message', async () => {
    const credentials = node.store.load(LA_A);
    const client = rawClient(credentials);
    try {
      const envelope = signedBy(credentials, LA_A, { sentAt: 'replay' });
      expect((await send(client, LA_A, envelope)).type).toBe('pong');
      const replay = await send(client, LA_A, envelope);
      expect(replay).toMatchObject({ type: 'refusal', body: { reason: 'replayed' } });
      expect(await hubLog(envelope.nonce)).toEqual(['accepted', 'refused:replayed']);
    } finally {
      await client.close();
    }
  });

  it('refuses a tampered body and a stale message', async () => {
    const credentials = node.store.load(LA_A);
    const client = rawClient(credentials);
    try {
      const envelope = signedBy(credentials, LA_A, { sentAt: 'original' });
      const tampered = { ...envelope, body: { sentAt: 'changed' } };
      expect(await send(client, LA_A, tampered)).toMatchObject({
        type: 'refusal',
        body: { reason: 'bad-signature' },
      });
      expect(await hubLog(envelope.nonce)).toEqual(['refused:bad-signature']);
      const stale = signedBy(credentials, LA_A, { sentAt: 'old' }, Date.now() - 5 * 60_000);
      expect(await send(client, LA_A, stale)).toMatchObject({ type: 'refusal', body: { reason: 'stale' } });
    } finally {
      await client.close();
    }
  });

  it("refuses LA A's certificate acting as LA B: on the bus and at the hub", async () => {
    const credentials = node.store.load(LA_A);
    const client = rawClient(credentials);
    try {
      // On A's own subject, an envelope claiming B (signed with A's key and certificate): the hub refuses.
      const claimingB = signedBy(credentials, LA_B, { sentAt: 'as B' });
      expect(await send(client, LA_A, claimingB)).toMatchObject({
        type: 'refusal',
        body: { reason: 'sender-mismatch' },
      });
      expect(await hubLog(claimingB.nonce)).toEqual(['refused:sender-mismatch']);
      // On B's subject: nats-server refuses the publication itself, so the hub never sees it.
      const since = hub.nats.mark();
      await expect(
        send(client, LA_B, signedBy(credentials, LA_B, { sentAt: 'on B subject' })),
      ).rejects.toBeTruthy();
      await expect(
        hub.nats.waitForLog(/Publish Violation.*cp\.v1\.hub\.E09000001\.ping/, 5000, since),
      ).resolves.toBeTruthy();
    } finally {
      await client.close();
    }
  });

  it('lets the node find a certificate issued in its name without its knowledge in the issuance log', async () => {
    const check = () =>
      checkIssuanceLog({
        hubUrl: hub.url,
        laCode: LA_A,
        caCertificatePem: hub.caCertificatePem,
        store: node.store,
      });
    expect(await check()).toMatchObject({ ok: true, broken: -1, rewritten: false, unexpectedSerials: [] });
    // A hub operator quietly issues a certificate for LA A over a key that is not the node's.
    const rogue = await generateRsaKeyPair(2048);
    const issued = await hub.app
      .get(CaService)
      .issueForLa(LA_A, createCertificateRequest({ laCode: LA_A, privateKeyPem: rogue.privateKeyPem }));
    expect(await check()).toMatchObject({
      ok: false,
      broken: -1,
      rewritten: false,
      unexpectedSerials: [issued.serial],
    });
  });
});

describe('renewal', () => {
  it('renews the certificate with no gap in signed traffic', async () => {
    const before = node.store.load(LA_A).certificate.serial;
    let stop = false;
    const outcomes: string[] = [];
    const pinging = (async () => {
      while (!stop) {
        outcomes.push(
          await link.ping().then(
            () => 'ok',
            (error: Error) => error.message,
          ),
        );
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    await new Promise((resolve) => setTimeout(resolve, 200));
    await link.renew();
    await new Promise((resolve) => setTimeout(resolve, 300));
    stop = true;
    await pinging;
    const after = node.store.load(LA_A).certificate.serial;
    expect(after).not.toBe(before);
    expect(link.current()?.certificate.serial).toBe(after);
    expect(outcomes.length).toBeGreaterThan(5);
    expect(outcomes.filter((outcome) => outcome !== 'ok')).toEqual([]);
    expect(readFileSync(hub.nats.configFile, 'utf8')).toContain(`SERIALNUMBER=${after}`);
    expect((await link.ping()).laCode).toBe(LA_A);
  });
});

describe("renewal of the hub's certificate", () => {
  it('is followed by the node, which fetches it over HTTPS and checks it against its pinned CA', async () => {
    const before = readFileSync(join(node.dir, 'hub.crt'), 'utf8');
    const renewed = await hub.app.get(CaService).renewHubCertificate();
    expect((await link.ping()).laCode).toBe(LA_A);
    const after = readFileSync(join(node.dir, 'hub.crt'), 'utf8');
    expect(after).not.toBe(before);
    expect(after).toBe(readFileSync(join(hub.pkiDir, 'hub.crt'), 'utf8'));
    expect(readFileSync(hub.nats.configFile, 'utf8')).toContain(`SERIALNUMBER=${renewed.serial}`);
  });
});

describe('revocation', () => {
  it('cuts the node off the bus within 30 s and the hub refuses its signed messages', async () => {
    const credentials = node.store.load(LA_A);
    const watcher = await connect({
      ...natsClientOptions({
        url: hub.nats.url,
        identity: { kind: 'la', laCode: LA_A },
        tls: {
          caCertificatePem: credentials.caCertificatePem,
          certificatePem: credentials.certificatePem,
          privateKeyPem: credentials.privateKeyPem,
        },
      }),
      reconnect: false,
    });
    const closed = watcher.closed();
    const revokedAt = Date.now();
    const result = await hub.app
      .get(RevocationService)
      .revoke(credentials.certificate.serial, 'key-compromise');
    expect(result.natsReloaded).toBe(true);
    await Promise.race([
      closed,
      new Promise((_, reject) =>
        setTimeout(() => reject(new Error('connection still open after 30 s')), 30_000),
      ),
    ]);
    expect(Date.now() - revokedAt).toBeLessThan(30_000);
    // A new connection with the revoked certificate is refused by nats-server.
    await expect(
      connect({
        ...natsClientOptions({
          url: hub.nats.url,
          identity: { kind: 'la', laCode: LA_A },
          tls: {
            caCertificatePem: credentials.caCertificatePem,
            certificatePem: credentials.certificatePem,
            privateKeyPem: credentials.privateKeyPem,
          },
        }),
        reconnect: false,
        maxReconnectAttempts: 0,
      }),
    ).rejects.toBeTruthy();
    // And a message signed with it, however it reaches the hub, is refused.
    const envelope = signedBy(credentials, LA_A, { sentAt: 'after revocation' });
    const answer = await hub.app
      .get(FederationService)
      .answer(hubRequestSubject(LA_A, 'ping'), envelope, 'ping');
    expect(answer).toMatchObject({ type: 'refusal', body: { reason: 'certificate-invalid' } });
    expect(await hubLog(envelope.nonce)).toEqual(['refused:certificate-invalid']);
    await expect(link.ping()).rejects.toBeTruthy();
  });
});

async function enrolWithPin(pin: string): Promise<unknown> {
  const token = await hub.app.get(EnrolmentService).createToken(LA_A);
  return enrolNode({
    hubUrl: hub.url,
    token: token.token,
    caFingerprint: pin,
    laCode: LA_A,
    store: new FederationCertificateStore(mkdtempSync(join(tmpdir(), 'cp-pin-'))),
  });
}
