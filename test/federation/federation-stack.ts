import type { PartyKeyKind } from '@cp/pki';
import { Global, Module, type DynamicModule, type INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { X509Certificate } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { databaseOptions } from '@cp/database';
import { certificateFingerprint, natsClientOptions } from '@cp/pki';
import { createHubApp } from '../../apps/hub/src/bootstrap';
import { createFederationCa } from '../../apps/hub/src/trust/ca/create-federation-ca';
import { HubPkiFiles } from '../../apps/hub/src/trust/certificates/pki-files';
import { IssuanceLogService } from '../../apps/hub/src/trust/certificates/issuance-log.service';
import { HubSettings } from '../../apps/hub/src/config/hub-settings';
import { EnrolmentService } from '../../apps/hub/src/trust/enrolment/enrolment.service';
import { NODE_SETTINGS, NodeSettings } from '../../apps/node/src/config/node-settings';
import { FederationMessages1764210000000 } from '../../apps/node/src/database/migrations/1764210000000-federation-messages';
import { MessageLog1765000000000 } from '../../apps/node/src/database/migrations/1765000000000-message-log';
import { FederationCertificateStore } from '../../apps/node/src/federation/certificate-store';
import { enrolNode } from '../../apps/node/src/federation/enrolment-client';
import { NodeFederationMessage } from '../../apps/node/src/federation/federation-message.entity';
import { FederationModule } from '../../apps/node/src/federation/federation.module';
import { startNatsTls, type RunningNats } from '../support/nats-tls';
import { createTestDatabase } from '../support/test-database';

export const CA_PASSPHRASE = 'test passphrase for the CA';

export interface HubUnderTest {
  app: NestFastifyApplication;
  url: string;
  pkiDir: string;
  caCertificatePem: string;
  caFingerprint: string;
  nats: RunningNats;
  stop(): Promise<void>;
}

/**
 * The real hub (HTTPS, NATS transport over mutual TLS, real PostgreSQL) with a CA made the way
 * `ca:create` makes it, and a real nats-server whose users the hub itself rewrites and reloads.
 */
export async function startHub(
  options: { jetStream?: boolean; settings?: Partial<HubSettings>; hubKeyKind?: PartyKeyKind } = {},
): Promise<HubUnderTest> {
  const database = await createTestDatabase('cp_hub_fed');
  const pkiDir = mkdtempSync(join(tmpdir(), 'cp-hub-pki-'));
  const created = await createFederationCa({
    dir: pkiDir,
    passphrase: CA_PASSPHRASE,
    caKeyBits: 2048,
    hubKeyKind: options.hubKeyKind,
  });
  const hubSerial = new X509Certificate(created.hubCertificatePem).serialNumber.toLowerCase();
  const nats = await startNatsTls({
    ca: { certificatePem: created.caCertificatePem },
    server: {
      certificatePem: created.hubCertificatePem,
      privateKeyPem: readFileSync(created.files.hubKey, 'utf8'),
    },
    users: [{ identity: { kind: 'hub' }, serial: hubSerial }],
    jetStream: options.jetStream,
  });
  const settings = Object.assign(new HubSettings(), {
    DATABASE_URL: database.url,
    HUB_PKI_DIR: pkiDir,
    HUB_CA_PASSPHRASE: CA_PASSPHRASE,
    NATS_URL: nats.url,
    NATS_SERVER_CONFIG_FILE: nats.configFile,
    NATS_SERVER_PID_FILE: nats.pidFile,
    NATS_SERVER_PORT: nats.port,
    NATS_USERS_REFRESH_SECONDS: 1,
    // The hub rewrites nats-server's config: it must keep JetStream on where the test turned it on.
    NATS_JETSTREAM_DIR: options.jetStream ? join(nats.dir, 'jetstream') : undefined,
    ...options.settings,
  });
  const app = await createHubApp(settings, ['error', 'warn']);
  await app.init();
  await app.get(IssuanceLogService).append(created.hubCertificatePem, 'hub');
  await app.startAllMicroservices();
  await app.listen(0, '127.0.0.1');
  const port = (app.getHttpServer().address() as AddressInfo).port;
  return {
    app,
    url: `https://127.0.0.1:${port}`,
    pkiDir,
    caCertificatePem: created.caCertificatePem,
    caFingerprint: certificateFingerprint(created.caCertificatePem),
    nats,
    async stop() {
      await app.close();
      await nats.stop();
      await database.drop();
      rmSync(pkiDir, { recursive: true, force: true });
    },
  };
}

@Global()
@Module({})
class NodeSettingsModule {
  static register(settings: NodeSettings): DynamicModule {
    return {
      module: NodeSettingsModule,
      providers: [{ provide: NODE_SETTINGS, useValue: settings }],
      exports: [NODE_SETTINGS],
    };
  }
}

export interface NodeUnderTest {
  app: INestApplicationContext;
  store: FederationCertificateStore;
  dir: string;
  databaseUrl: string;
  stop(): Promise<void>;
}

/** An LA node's federation wiring (the node's real FederationModule) over its own PostgreSQL database. */
export async function startNodeFederation(input: {
  laCode: string;
  natsUrl: string;
  hubUrl?: string;
  dir?: string;
  databaseUrl?: string;
}): Promise<NodeUnderTest> {
  const database = input.databaseUrl ? undefined : await createTestDatabase('cp_node_fed');
  const databaseUrl = input.databaseUrl ?? database!.url;
  const dir = input.dir ?? mkdtempSync(join(tmpdir(), 'cp-node-fed-'));
  const settings = Object.assign(new NodeSettings(), {
    DATABASE_URL: databaseUrl,
    NODE_LA_CODE: input.laCode,
    NODE_LA_NAME: 'Test LA',
    FEDERATION_DIR: dir,
    NATS_URL: input.natsUrl,
    HUB_URL: input.hubUrl,
  });
  const moduleRef = await Test.createTestingModule({
    imports: [
      NodeSettingsModule.register(settings),
      TypeOrmModule.forRoot(
        databaseOptions({
          url: databaseUrl,
          entities: [NodeFederationMessage],
          migrations: [FederationMessages1764210000000, MessageLog1765000000000],
        }),
      ),
      FederationModule.register(settings),
    ],
  }).compile();
  moduleRef.useLogger(['error']);
  const app = await moduleRef.init();
  return {
    app,
    store: app.get(FederationCertificateStore),
    dir,
    databaseUrl,
    async stop() {
      await app.close();
      if (database) await database.drop();
      if (!input.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Enrols an LA through the real path: operator token, HTTPS with the pinned CA, CSR from a local key. */
export async function enrol(hub: HubUnderTest, laCode: string, dir: string, keyKind?: PartyKeyKind) {
  const token = await hub.app.get(EnrolmentService).createToken(laCode);
  const store = new FederationCertificateStore(dir);
  const result = await enrolNode({
    hubUrl: hub.url,
    token: token.token,
    caFingerprint: hub.caFingerprint,
    laCode,
    store,
    keyKind,
  });
  return { ...result, token: token.token, store };
}

/** NATS options with the hub's own certificate (tests that watch or drive the hub's side of the bus). */
export function hubBusOptions(hub: HubUnderTest, name: string): ReturnType<typeof natsClientOptions> {
  const files = new HubPkiFiles(hub.pkiDir);
  return natsClientOptions({
    url: hub.nats.url,
    identity: { kind: 'hub' },
    name,
    tls: {
      caCertificatePem: files.read(files.caCertificate),
      certificatePem: files.read(files.hubCertificate),
      privateKeyPem: files.read(files.hubKey),
    },
  });
}

/** NATS options with an enrolled LA's own certificate, read from its FEDERATION_DIR. */
export function laBusOptions(
  hub: HubUnderTest,
  laCode: string,
  dir: string,
  name?: string,
): ReturnType<typeof natsClientOptions> {
  const credentials = new FederationCertificateStore(dir).load(laCode);
  return natsClientOptions({ url: hub.nats.url, identity: { kind: 'la', laCode }, name, tls: credentials });
}
