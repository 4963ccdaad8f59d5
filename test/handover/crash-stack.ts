import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes, randomUUID, X509Certificate } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SignJWT } from 'jose';
import { Client } from 'pg';
import { connect as connectTcp } from 'node:net';
import { dropDatabase } from '@cp/database';
import { certificateFingerprint, renderNatsServerConfig } from '@cp/pki';
import { createHubApp } from '../../apps/hub/src/bootstrap';
import { createFederationCa } from '../../apps/hub/src/trust/ca/create-federation-ca';
import { IssuanceLogService } from '../../apps/hub/src/trust/certificates/issuance-log.service';
import { HubSettings } from '../../apps/hub/src/config/hub-settings';
import { freePort } from '../support/nats-tls';
import { issueOperator } from '../support/operator-https';
import { createTestDatabase } from '../support/test-database';
import { CA_PASSPHRASE, enrol, type HubUnderTest } from '../federation/federation-stack';
import { eventually } from './handover-support';

/**
 * The handover crash matrix runs each party as a real OS process, so it can be SIGKILLed: the hub and two
 * nodes (`node -r ./bench/lib/register.js apps/<app>/src/main.ts`, settings in the environment as in
 * production) and nats-server (JetStream in a store directory that survives a kill). A party is killed
 * by its own test-only failpoint (HANDOVER_FAILPOINT, honoured only with NODE_ENV=test) or, for
 * nats-server, by the test; then started again with the same database, keys and store.
 */

const ROOT = resolve(__dirname, '..', '..');
const REGISTER = join(ROOT, 'bench', 'lib', 'register.js');

export class Party {
  private child?: ChildProcess;
  private exited?: Promise<number | null>;
  private output: string[] = [];

  constructor(
    readonly name: string,
    private readonly command: string,
    private readonly args: string[],
    private readonly env: Record<string, string>,
    private readonly ready: () => Promise<boolean>,
  ) {}

  /** Starts the process (with a failpoint, or none) and waits until it answers. */
  async start(failpoint?: string): Promise<void> {
    const env: Record<string, string> = {
      ...(process.env as Record<string, string>),
      ...this.env,
      NODE_ENV: 'test',
    };
    delete env.HANDOVER_FAILPOINT;
    if (failpoint) env.HANDOVER_FAILPOINT = failpoint;
    const child = spawn(this.command, this.args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    const onData = (chunk: Buffer) => {
      this.output.push(...chunk.toString().split('\n').filter(Boolean));
      if (this.output.length > 400) this.output.splice(0, this.output.length - 400);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    this.exited = new Promise((done) => child.once('exit', (code, signal) => done(signal ? -1 : code)));
    await eventually(
      async () => {
        if (child.exitCode !== null || child.signalCode !== null)
          throw new Error(`${this.name} exited while starting:\n${this.output.slice(-30).join('\n')}`);
        return this.ready().catch(() => false);
      },
      `${this.name} ready`,
      60_000,
    );
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Waits for the process to end by itself (its failpoint). */
  async died(timeoutMs = 60_000): Promise<void> {
    const exited = this.exited;
    if (!exited) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      exited,
      new Promise((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`${this.name} did not die:\n${this.output.slice(-30).join('\n')}`)),
          timeoutMs,
        );
      }),
    ]).finally(() => clearTimeout(timer));
  }

  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    if (this.running) this.child?.kill(signal);
    await this.exited;
  }

  logs(): string {
    return this.output.slice(-40).join('\n');
  }
}

async function httpOk(url: string): Promise<boolean> {
  const response = await fetch(url).catch(() => undefined);
  return response?.status === 200;
}

export interface NodeParty {
  laCode: string;
  laName: string;
  url: string;
  databaseUrl: string;
  secret: string;
  party: Party;
}

export interface CrashStack {
  hub: Party;
  hubUrl: string;
  hubDatabaseUrl: string;
  caCertificatePem: string;
  operator: { pfx: Buffer; passphrase: string };
  nats: Party;
  nodes: Record<string, NodeParty>;
  stop(): Promise<void>;
}

const TOKEN_KEY = randomBytes(32).toString('base64');

/** Creates the CA, enrols the LAs through the real path (in-process hub, once), then runs everything as processes. */
export async function createCrashStack(las: { laCode: string; laName: string }[]): Promise<CrashStack> {
  const hubDatabase = await createTestDatabase('cp_hub_crash');
  const dir = mkdtempSync(join(tmpdir(), 'cp-handover-crash-'));
  const pkiDir = join(dir, 'pki');
  mkdirSync(pkiDir);
  const created = await createFederationCa({ dir: pkiDir, passphrase: CA_PASSPHRASE, caKeyBits: 2048 });
  const natsPort = await freePort();
  const hubPort = await freePort();
  const natsConfig = join(dir, 'nats.conf');
  const natsPid = join(dir, 'nats.pid');
  const jetStreamDir = join(dir, 'jetstream');
  const hubSerial = new X509Certificate(created.hubCertificatePem).serialNumber.toLowerCase();
  writeFileSync(
    natsConfig,
    renderNatsServerConfig({
      host: '127.0.0.1',
      port: natsPort,
      certFile: join(pkiDir, 'hub.crt'),
      keyFile: join(pkiDir, 'hub.key'),
      caFile: join(pkiDir, 'ca.crt'),
      pidFile: natsPid,
      users: [{ identity: { kind: 'hub' }, serial: hubSerial }],
      jetStreamDir,
    }),
  );
  const natsUrl = `tls://127.0.0.1:${natsPort}`;
  const nats = new Party('nats-server', 'nats-server', ['-c', natsConfig], {}, async () => {
    try {
      return readFileSync(natsPid, 'utf8').trim().length > 0 && (await portOpen(natsPort));
    } catch {
      return false;
    }
  });
  await nats.start();
  const hubEnv: Record<string, string> = {
    DATABASE_URL: hubDatabase.url,
    HTTP_HOST: '127.0.0.1',
    HTTP_PORT: String(hubPort),
    LOG_LEVEL: 'warn',
    HUB_PKI_DIR: pkiDir,
    HUB_CA_PASSPHRASE: CA_PASSPHRASE,
    NATS_URL: natsUrl,
    NATS_SERVER_CONFIG_FILE: natsConfig,
    NATS_SERVER_PID_FILE: natsPid,
    NATS_SERVER_PORT: String(natsPort),
    NATS_JETSTREAM_DIR: jetStreamDir,
    NATS_USERS_REFRESH_SECONDS: '1',
  };

  // Enrolment through the real path, with the hub in this process once: tokens, HTTPS, CSRs from local keys.
  const settings = Object.assign(new HubSettings(), {
    ...hubEnv,
    HTTP_PORT: hubPort,
    NATS_SERVER_PORT: natsPort,
    NATS_USERS_REFRESH_SECONDS: 1,
  });
  const enrolling = await createHubApp(settings, ['error']);
  await enrolling.init();
  await enrolling.get(IssuanceLogService).append(created.hubCertificatePem, 'hub');
  await enrolling.listen(hubPort, '127.0.0.1');
  const hubUrl = `https://127.0.0.1:${hubPort}`;
  const inProcess = {
    app: enrolling,
    url: hubUrl,
    caFingerprint: certificateFingerprint(created.caCertificatePem),
  } as unknown as HubUnderTest;
  const nodes: Record<string, NodeParty> = {};
  for (const la of las) {
    const federationDir = join(dir, `node-${la.laCode}`);
    mkdirSync(federationDir);
    await enrol(inProcess, la.laCode, federationDir);
    const database = await createTestDatabase('cp_node_crash');
    const port = await freePort();
    const secret = randomBytes(24).toString('hex');
    const url = `http://127.0.0.1:${port}`;
    const party = new Party(
      `node ${la.laCode}`,
      process.execPath,
      ['-r', REGISTER, join(ROOT, 'apps', 'node', 'src', 'main.ts'), 'serve'],
      {
        DATABASE_URL: database.url,
        HTTP_HOST: '127.0.0.1',
        HTTP_PORT: String(port),
        LOG_LEVEL: 'warn',
        NODE_LA_CODE: la.laCode,
        NODE_LA_NAME: la.laName,
        AUTH_TOKEN_SECRET: secret,
        TOTP_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
        FEDERATION_DIR: federationDir,
        NATS_URL: natsUrl,
        FEDERATION_TOKEN_KEY: TOKEN_KEY,
        MISUSE_REVIEW_ENABLED: 'false',
        LA_CONTACT_NAME: `${la.laName} ContactPoint team`,
      },
      () => httpOk(`${url}/health/ready`),
    );
    nodes[la.laCode] = { ...la, url, databaseUrl: database.url, secret, party };
  }
  const operator = await issueOperator({ app: enrolling }, 'crash-matrix-operator');
  await enrolling.close();

  const hub = new Party(
    'hub',
    process.execPath,
    ['-r', REGISTER, join(ROOT, 'apps', 'hub', 'src', 'main.ts'), 'serve'],
    hubEnv,
    () => portOpen(hubPort),
  );
  const databases = [hubDatabase.url, ...Object.values(nodes).map((node) => node.databaseUrl)];
  return {
    hub,
    hubUrl,
    hubDatabaseUrl: hubDatabase.url,
    caCertificatePem: created.caCertificatePem,
    operator: operator.identity,
    nats,
    nodes,
    async stop() {
      for (const node of Object.values(nodes)) await node.party.kill('SIGTERM');
      await hub.kill('SIGTERM');
      await nats.kill('SIGTERM');
      for (const url of databases) await dropDatabase(url).catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function portOpen(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connectTcp(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      done(true);
    });
    socket.once('error', () => done(false));
  });
}

/** One query against a party's database (the test reads state; it never writes a record). */
export async function query<T>(databaseUrl: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

/** A bearer for a user of the node, made as the node makes one: a server-side session and an HS256 token. */
export async function bearer(node: NodeParty, role: string): Promise<string> {
  const sessionId = randomUUID();
  const userId = randomUUID();
  await query(
    node.databaseUrl,
    `INSERT INTO user_session (id, user_id, role, kind, created_at, last_seen_at, ends_at)
     VALUES ($1, $2, $3, 'access', now(), now(), now() + interval '1 hour')`,
    [sessionId, userId, role],
  );
  const token = await new SignJWT({ role, sid: sessionId, knd: 'access' })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(userId)
    .setIssuer('contactpoint-node')
    .setAudience(node.laCode)
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(new TextEncoder().encode(node.secret));
  return `Bearer ${token}`;
}

/** An HTTP call to a node process; a party killed mid-request answers nothing (status 0). */
export async function call(
  node: NodeParty,
  method: string,
  path: string,
  role: string,
  body?: object,
): Promise<{ status: number; body: Record<string, unknown> }> {
  try {
    const response = await fetch(`${node.url}/api/v1${path}`, {
      method,
      headers: {
        authorization: await bearer(node, role),
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  } catch {
    return { status: 0, body: {} };
  }
}
