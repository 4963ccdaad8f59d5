import { existsSync } from 'node:fs';
import { ensureDatabase } from '@cp/database';
import type { DemoSettings } from './demo-settings';
import type { DemoSecrets } from './demo-state';
import { demoLayout, type DemoService } from './layout';
import { databaseUrl, externalServer, startEmbeddedPostgres, whereIs, type DatabaseServer } from './postgres';
import { DemoProcess, runToEnd, waitUntilReady } from './processes';
import { docsUrl, httpUrl, nodeCommandSpec, readyUrl, serveSpec, serviceEnv } from './services';

/** Raised inside a start-up step when a stop was asked for meanwhile: not a failure. */
export class DemoStopped extends Error {}

export function log(line: string): void {
  console.log(`${'[demo]'.padEnd(14)} ${line}`);
}

/**
 * The demo federation on one machine: a database server, the hub and three LA nodes, each node seeded
 * with synthetic children. The hub and the nodes exchange nothing yet: federation links come with the
 * trust work, mutually authenticated from their first message, never in plaintext.
 */
export class Demo {
  private readonly services: DemoService[];
  private readonly processes: DemoProcess[] = [];
  private database?: DatabaseServer;
  private stopping?: Promise<void>;
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

    const servers = this.services.map((service) => {
      const server = this.track(
        new DemoProcess(serveSpec(service, serviceEnv(service, serverUrl, this.secrets))),
      );
      return { service, server };
    });
    await Promise.all(servers.map(({ service, server }) => waitUntilReady(readyUrl(service), server)));
    this.checkNotStopping();

    await Promise.all(
      this.services.filter((service) => service.kind === 'node').map((node) => this.provision(node)),
    );
    this.checkNotStopping();
    this.printTable();
  }

  /**
   * One-off set-up of a running node, through its own subcommands so every write is validated and audited
   * as in production. Demo sign-in users, when they exist, are added here as a further subcommand.
   */
  private async provision(node: DemoService): Promise<void> {
    const env = serviceEnv(node, this.requireDatabase().serverUrl, this.secrets);
    const seed = [
      'seed',
      '--count',
      String(this.settings.DEMO_CHILDREN_PER_LA),
      '--seed',
      String(this.settings.DEMO_SEED),
    ];
    await runToEnd(nodeCommandSpec(node, env, seed), (process) => this.track(process));
  }

  /** Resolves when a service stops by itself (a failure: the demo then shuts down). */
  async firstUnexpectedExit(): Promise<string> {
    const servers = this.processes.filter((process) => process.running);
    return Promise.race(
      servers.map(async (process) => `${process.spec.name} ended (${String(await process.exit.done)})`),
    );
  }

  /** Stops the services (SIGTERM, then SIGKILL after a grace period), then the embedded database. */
  shutdown(): Promise<void> {
    this.requestStop();
    this.stopping ??= (async () => {
      await Promise.all(this.processes.map((process) => process.stop()));
      await this.database?.stop();
    })();
    return this.stopping;
  }

  /** For the process 'exit' event: no waiting possible, so kill what is still running. */
  killNow(): void {
    for (const process of this.processes) process.killNow();
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

  private requireDatabase(): DatabaseServer {
    if (!this.database) throw new Error('The database server has not started');
    return this.database;
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
    console.log(
      `Each node holds ${this.settings.DEMO_CHILDREN_PER_LA} synthetic children (seed ${this.settings.DEMO_SEED}).`,
    );
    const kept = this.settings.DATABASE_SERVER_URL ? 'on that server' : 'in .demo/';
    console.log(`Press Ctrl-C to stop everything; the data stays ${kept} for the next run.`);
    console.log('');
  }
}
