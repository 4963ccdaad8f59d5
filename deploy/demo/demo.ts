import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureDatabase } from '@cp/database';
import type { DemoSettings } from './demo-settings';
import type { DemoSecrets } from './demo-state';
import { demoLayout, type DemoService } from './layout';
import { databaseUrl, externalServer, startEmbeddedPostgres, whereIs, type DatabaseServer } from './postgres';
import { DemoFederation, httpsAnswers, natsServerBinary, tcpAnswers } from './federation';
import { DemoProcess, runToEnd, waitUntilReady } from './processes';
import { Supervisor } from './supervisor';
import { docsUrl, httpUrl, nodeCommandSpec, readyUrl, serveSpec, serviceEnv } from './services';
import { nodeCommandRunner, provisionDemoUsers, storedCredentials, type DemoUser } from './demo-users';
import {
  consoleHowTo,
  operatorCertificateUsable,
  operatorCommand,
  operatorP12File,
  operatorPassphrase,
} from './operator';

/** Raised inside a start-up step when a stop was asked for meanwhile: not a failure. */
export class DemoStopped extends Error {}

export function log(line: string): void {
  console.log(`${'[demo]'.padEnd(14)} ${line}`);
}

/**
 * The demo federation on one machine: a database server, the federation CA, a nats-server with mutual TLS,
 * the hub and three LA nodes enrolled through the same path an LA IT team uses, each node seeded with
 * synthetic children. No link is plaintext: the hub serves HTTPS under the federation CA and every bus
 * connection presents a certificate the CA issued.
 */
export class Demo {
  private readonly services: DemoService[];
  private readonly processes: DemoProcess[] = [];
  private database?: DatabaseServer;
  private federation?: DemoFederation;
  /** Stopped after the services and before the database, so nothing is cut off mid-message. */
  private nats?: DemoProcess;
  /** The hub's and the nodes' servers, as last (re)started. */
  private readonly servers = new Map<DemoService, DemoProcess>();
  /** Restarts a service that ends by itself, from the moment the demo is up. */
  private readonly supervisor = new Supervisor(log);
  private stopping?: Promise<void>;
  /** Sign-in users of the nodes' web apps, made at provisioning. */
  private readonly users: DemoUser[] = [];
  private requestStop!: () => void;
  /** Settles as soon as a stop is asked for. */
  readonly stopRequested = new Promise<void>((resolve) => {
    this.requestStop = resolve;
  });

  constructor(
    private readonly settings: DemoSettings,
    private readonly dir: string,
    private readonly secrets: DemoSecrets,
  ) {
    this.services = demoLayout(settings);
  }

  get isStopping(): boolean {
    return this.stopping !== undefined;
  }

  /** Brings everything up; resolves once all services are ready and seeded. */
  async start(): Promise<void> {
    for (const service of this.services) {
      if (!existsSync(service.entry)) {
        throw new Error(`${service.entry} is missing: run \`npm run build\` first (\`npm run demo\` does)`);
      }
    }
    this.database = this.settings.DATABASE_SERVER_URL
      ? await externalServer(this.settings.DATABASE_SERVER_URL)
      : await startEmbeddedPostgres(this.dir, this.secrets, log);
    this.checkNotStopping();
    const serverUrl = this.database.serverUrl;
    for (const service of this.services) await ensureDatabase(databaseUrl(serverUrl, service.database));
    this.checkNotStopping();

    const federation = new DemoFederation(this.dir, this.secrets, this.settings.DEMO_NATS_PORT);
    this.federation = federation;
    const natsBinary = natsServerBinary();
    const hub = this.requireHub();
    const hubEnv = this.envOf(hub);
    // The CA and the hub's certificate are made once; later runs only rewrite nats-server's users.
    await this.run(nodeCommandSpec(hub, hubEnv, [federation.caExists ? 'nats:config' : 'ca:create']));
    this.nats = new DemoProcess({
      name: 'nats',
      command: natsBinary,
      args: ['-c', federation.natsConfigFile],
      env: {},
    });
    if (this.isStopping) void this.nats.stop();
    const hubServer = this.serve(hub, hubEnv);
    const ca = federation.caCertificatePem;
    await waitUntilReady(readyUrl(hub), hubServer, (url) => httpsAnswers(url, ca));
    this.checkNotStopping();
    await this.issueOperatorCertificate();
    this.checkNotStopping();

    const nodes = this.services.filter((service) => service.kind === 'node');
    for (const node of nodes) await this.enrol(node);
    const servers = nodes.map((node) => ({
      node,
      server: this.serve(node, this.envOf(node)),
    }));
    await Promise.all(servers.map(({ node, server }) => waitUntilReady(readyUrl(node), server)));
    this.checkNotStopping();

    await Promise.all(nodes.map((node) => this.provision(node)));
    this.checkNotStopping();
    this.printTable();
  }

  /** A service's environment: its database, port and secrets, and its part in the federation. */
  private envOf(service: DemoService): Record<string, string> {
    const env = serviceEnv(service, this.requireDatabase().serverUrl, this.secrets);
    const federation = this.requireFederation();
    if (service.kind === 'hub') return { ...env, ...federation.hubEnv() };
    return { ...env, ...federation.nodeEnv(service, httpUrl(this.requireHub())) };
  }

  /** Enrols a node as an LA IT team would: a one-time token from the operator, a key made at the node. */
  private async enrol(node: DemoService): Promise<void> {
    const federation = this.requireFederation();
    if (federation.isEnrolled(node)) return;
    const hub = this.requireHub();
    const tokenFile = federation.tokenFile(node);
    await this.run(
      nodeCommandSpec(hub, this.envOf(hub), [
        'enrolment:token',
        '--la',
        node.la!.code,
        '--token-file',
        tokenFile,
      ]),
    );
    const enrolCommand = [
      'federation:enrol',
      '--hub-url',
      httpUrl(hub),
      '--token-file',
      tokenFile,
      '--ca-fingerprint',
      federation.caFingerprint,
    ];
    await this.run(nodeCommandSpec(node, this.envOf(node), enrolCommand));
    federation.forgetToken(node);
  }

  /** The demo operator's client certificate for the hub console, issued once (again only near its expiry). */
  private async issueOperatorCertificate(): Promise<void> {
    const file = operatorP12File(this.dir);
    const passphrase = operatorPassphrase(this.secrets);
    if (operatorCertificateUsable(file, passphrase, this.requireFederation().caCertificatePem)) return;
    const hub = this.requireHub();
    const env = { ...this.envOf(hub), OPERATOR_P12_PASSPHRASE: passphrase };
    await this.run(nodeCommandSpec(hub, env, operatorCommand(file)));
  }

  private run(spec: Parameters<typeof runToEnd>[0]): Promise<void> {
    return runToEnd(spec, (process) => this.track(process));
  }

  /**
   * One-off set-up of a running node, through its own subcommands so every write is validated and audited
   * as in production. Demo sign-in users, when they exist, are added here as a further subcommand.
   */
  private async provision(node: DemoService): Promise<void> {
    // Seeding writes records and their outbox rows (tokens need the federation key); the serving node
    // publishes them, so the one-off seed process stays off the bus.
    const { NATS_URL: _bus, ...env } = this.envOf(node);
    const seed = [
      'seed',
      '--count',
      String(this.settings.DEMO_CHILDREN_PER_LA),
      '--seed',
      String(this.settings.DEMO_SEED),
    ];
    await this.run(nodeCommandSpec(node, env, seed));
    this.checkNotStopping();
    const users = await provisionDemoUsers({
      node,
      url: httpUrl(node),
      secrets: this.secrets,
      run: nodeCommandRunner(node, env),
    });
    this.users.push(...users);
  }

  private serve(service: DemoService, env: Record<string, string>): DemoProcess {
    const server = this.track(new DemoProcess(serveSpec(service, env)));
    this.servers.set(service, server);
    return server;
  }

  /**
   * From now on a service that ends by itself is started again (a line says so) rather than the federation
   * stopped. Settles only if every service was given up after crashing again and again.
   */
  supervise(): Promise<void> {
    const federation = this.requireFederation();
    for (const [service, server] of this.servers) {
      const probe =
        service.kind === 'hub' ? (url: string) => httpsAnswers(url, federation.caCertificatePem) : undefined;
      this.supervisor.watch(server, {
        restarted: (next) => {
          this.servers.set(service, this.track(next));
          this.writeProcessList();
        },
        ready: (next) => waitUntilReady(readyUrl(service), next, probe),
      });
    }
    if (this.nats)
      this.supervisor.watch(this.nats, {
        restarted: (next) => {
          this.nats = next;
          if (this.isStopping) void next.stop();
          this.writeProcessList();
        },
        ready: (next) => waitUntilReady(federation.natsUrl, next, () => tcpAnswers(federation.natsPort)),
      });
    this.writeProcessList();
    return this.supervisor.nothingLeft;
  }

  /** .demo/processes.json: each running service's pid, for tools that watch the demo (bench:soak's RSS). */
  private writeProcessList(): void {
    const list: Record<string, { kind: string; pid?: number; httpPort?: number }> = {
      launcher: { kind: 'launcher', pid: process.pid },
    };
    for (const [service, server] of this.servers)
      list[service.name] = { kind: service.kind, pid: server.pid, httpPort: service.httpPort };
    if (this.nats) list.nats = { kind: 'nats', pid: this.nats.pid };
    writeFileSync(join(this.dir, 'processes.json'), `${JSON.stringify(list, null, 2)}\n`);
  }

  /** Stops the services (SIGTERM, then SIGKILL after a grace period), then the embedded database. */
  shutdown(): Promise<void> {
    this.requestStop();
    this.supervisor.stop();
    this.stopping ??= (async () => {
      await Promise.all(this.processes.map((process) => process.stop()));
      await this.nats?.stop();
      await this.database?.stop();
    })();
    return this.stopping;
  }

  /** For the process 'exit' event: no waiting possible, so kill what is still running. */
  killNow(): void {
    this.supervisor.stop();
    for (const process of this.processes) process.killNow();
    this.nats?.killNow();
    this.database?.stopNow();
  }

  private track(process: DemoProcess): DemoProcess {
    this.processes.push(process);
    if (this.isStopping) void process.stop();
    return process;
  }

  private checkNotStopping(): void {
    if (this.isStopping) throw new DemoStopped();
  }

  private requireFederation(): DemoFederation {
    if (!this.federation) throw new Error('The federation has not been set up');
    return this.federation;
  }

  private requireHub(): DemoService {
    const hub = this.services.find((service) => service.kind === 'hub');
    if (!hub) throw new Error('The demo layout has no hub');
    return hub;
  }

  private requireDatabase(): DatabaseServer {
    if (!this.database) throw new Error('The database server has not started');
    return this.database;
  }

  /** How to sign in to each node's web app (synthetic demo accounts; their secrets are in .demo/secrets.json). */
  private printUsers(): void {
    console.log("Sign in to a node's web app (its HTTP address above) as one of these demo users:");
    const sorted = [...this.users].sort((a, b) => a.url.localeCompare(b.url));
    const width = Math.max(...sorted.map((user) => user.username.length));
    for (const user of sorted) {
      const password = storedCredentials(this.secrets, user.username)?.password ?? '?';
      console.log(`  ${user.url}/  ${user.username.padEnd(width)}  password ${password}  (${user.role})`);
    }
    console.log('The 6-digit code for a user, now: npm run demo:code -- <username> (a code works once).');
  }

  private printTable(): void {
    const database = this.requireDatabase();
    const rows = this.services.map((service) => ({
      service: service.la ? `${service.la.name} node (${service.la.code})` : 'hub',
      http: httpUrl(service),
      docs: docsUrl(service),
      database: `${service.database} @ ${whereIs(database.serverUrl)}`,
    }));
    const headers = { service: 'service', http: 'HTTP', docs: 'OpenAPI docs', database: 'database' };
    const keys = Object.keys(headers) as (keyof typeof headers)[];
    const widths = keys.map((key) => Math.max(headers[key].length, ...rows.map((row) => row[key].length)));
    const line = (row: Record<keyof typeof headers, string>) =>
      keys.map((key, index) => row[key].padEnd(widths[index])).join('  ');
    console.log('');
    console.log('ContactPoint federation demo is up:');
    console.log(line(headers));
    console.log(widths.map((width) => '-'.repeat(width)).join('  '));
    for (const row of rows) console.log(line(row));
    console.log('');
    console.log(`Database server: ${database.description}`);
    const federation = this.requireFederation();
    console.log(`Federation bus: nats-server at ${federation.natsUrl} (mutual TLS, JetStream)`);
    console.log(`Federation CA fingerprint: ${federation.caFingerprint} (CA in ${federation.hubPkiDir})`);
    console.log(
      `Each node holds ${this.settings.DEMO_CHILDREN_PER_LA} synthetic children (seed ${this.settings.DEMO_SEED}).`,
    );
    this.printUsers();
    const howTo = consoleHowTo({
      hubPort: this.requireHub().httpPort,
      p12File: operatorP12File(this.dir),
      caFile: join(federation.hubPkiDir, 'ca.crt'),
      passphrase: operatorPassphrase(this.secrets),
    });
    for (const line of howTo) console.log(line);
    const kept = this.settings.DATABASE_SERVER_URL ? 'on that server' : 'in .demo/';
    console.log(`Press Ctrl-C to stop everything; the data stays ${kept} for the next run.`);
    console.log('');
  }
}
