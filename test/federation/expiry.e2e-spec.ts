import { readFileSync } from 'node:fs';
import { X509Certificate } from 'node:crypto';
import { join } from 'node:path';
import { hubRequestSubject } from '@cp/contract';
import {
  certificateFingerprint,
  decryptPrivateKey,
  generateRsaKeyPair,
  issueCertificate,
  signEnvelope,
  type KeyPairPem,
} from '@cp/pki';
import { IssuanceLogService } from '../../apps/hub/src/trust/certificates/issuance-log.service';
import { NatsUsersService } from '../../apps/hub/src/trust/certificates/nats-users.service';
import { FederationService } from '../../apps/hub/src/federation/federation.service';
import { FederationCertificateStore } from '../../apps/node/src/federation/certificate-store';
import { HubLinkService } from '../../apps/node/src/federation/hub-link.service';
import {
  CA_PASSPHRASE,
  startHub,
  startNodeFederation,
  type HubUnderTest,
  type NodeUnderTest,
} from './federation-stack';

/** An expired certificate stops the node's federation traffic with a clear error, and the hub refuses it. */
jest.setTimeout(120_000);

const LA = 'E09000033';
const DAY = 86_400_000;

let hub: HubUnderTest;
let node: NodeUnderTest;
let keys: KeyPairPem;
let expiredPem: string;

beforeAll(async () => {
  hub = await startHub();
  keys = await generateRsaKeyPair(2048);
  const ca = {
    certificatePem: hub.caCertificatePem,
    privateKeyPem: decryptPrivateKey(readFileSync(join(hub.pkiDir, 'ca.key.enc'), 'utf8'), CA_PASSPHRASE),
  };
  // Issued by the federation CA 70 days ago for 60 days, and recorded in the issuance log as it would have been.
  expiredPem = issueCertificate({
    ca,
    publicKeyPem: keys.publicKeyPem,
    commonName: `la-${LA}`,
    unit: LA,
    notBefore: new Date(Date.now() - 70 * DAY),
    notAfter: new Date(Date.now() - 10 * DAY),
    altNames: [{ type: 6, value: `urn:contactpoint:la:${LA}` }],
    keyUsage: { digitalSignature: true, keyEncipherment: true },
    extKeyUsage: { clientAuth: true },
  }).certificatePem;
  await hub.app.get(IssuanceLogService).append(expiredPem, LA);
  node = await startNodeFederation({ laCode: LA, natsUrl: hub.nats.url });
  const store = new FederationCertificateStore(node.dir);
  store.writePendingKey(keys.privateKeyPem);
  store.install({
    certificatePem: expiredPem,
    caCertificatePem: hub.caCertificatePem,
    hubCertificatePem: readFileSync(join(hub.pkiDir, 'hub.crt'), 'utf8'),
  });
});

afterAll(async () => {
  await node?.stop();
  await hub?.stop();
});

describe('an expired certificate', () => {
  it('stops the node sending, with an error its operators can act on', async () => {
    await expect(node.app.get(HubLinkService).ping()).rejects.toThrow(/expired at .*re-enrol/i);
  });

  it('is refused by the hub even when the message is well signed', async () => {
    const envelope = signEnvelope(
      { sender: LA, certFingerprint: certificateFingerprint(expiredPem), privateKeyPem: keys.privateKeyPem },
      { recipient: 'hub', type: 'ping', body: { sentAt: 'late' } },
    );
    const answer = await hub.app
      .get(FederationService)
      .answer(hubRequestSubject(LA, 'ping'), envelope, 'ping');
    expect(answer).toMatchObject({ type: 'refusal', body: { reason: 'certificate-invalid' } });
    expect(answer.body).toMatchObject({ message: expect.stringMatching(/expired/) as unknown });
  });

  it('is left out of the bus users the hub writes for nats-server', async () => {
    await hub.app.get(NatsUsersService).refresh();
    const serial = /SERIALNUMBER=([0-9a-f]+)/g;
    const config = readFileSync(hub.nats.configFile, 'utf8');
    const listed = [...config.matchAll(serial)].map((match) => match[1]);
    expect(listed).toEqual([
      new X509Certificate(readFileSync(join(hub.pkiDir, 'hub.crt'))).serialNumber.toLowerCase(),
    ]);
    expect(config).not.toContain(`OU=${LA}`);
  });
});
