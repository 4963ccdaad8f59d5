import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createCaCertificate,
  generateRsaKeyPair,
  issueHubCertificate,
  renderNatsServerConfig,
  type CaMaterial,
  type NatsCertificateUser,
} from '@cp/pki';

/** A free TCP port on 127.0.0.1 (asked of the OS, then released). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** A federation CA made by the test, with a certificate for the hub (also used by nats-server). */
export interface TestPki {
  ca: CaMaterial;
  hub: { certificatePem: string; privateKeyPem: string; serial: string };
}

export async function createTestPki(): Promise<TestPki> {
  const caKeys = await generateRsaKeyPair(2048);
  const ca = {
    certificatePem: createCaCertificate({ privateKeyPem: caKeys.privateKeyPem, name: 'Test Federation CA' }),
    privateKeyPem: caKeys.privateKeyPem,
  };
  const hubKeys = await generateRsaKeyPair(2048);
  const hub = issueHubCertificate({ ca, publicKeyPem: hubKeys.publicKeyPem });
  return { ca, hub: { ...hub, privateKeyPem: hubKeys.privateKeyPem } };
}

export interface RunningNats {
  url: string;
  port: number;
  pid: number;
  dir: string;
  configFile: string;
  pidFile: string;
  /** Rewrites the config with these users and makes nats-server reload it (as the hub does). */
  reloadWithUsers(users: NatsCertificateUser[]): Promise<void>;
  /** A position in the log, to wait for lines logged after it. */
  mark(): number;
  /** Resolves when nats-server logs a line matching the pattern after `since` (default: this call). */
  waitForLog(pattern: RegExp, timeoutMs?: number, since?: number): Promise<string>;
  /** Every log line so far. */
  logs(): string[];
  stop(): Promise<void>;
}

/**
 * Starts a real nats-server requiring TLS and verifying client certificates against the test's CA,
 * mapping each certificate to a user with per-LA permissions. Stop it in afterAll.
 */
export async function startNatsTls(input: {
  ca: Pick<CaMaterial, 'certificatePem'>;
  server: { certificatePem: string; privateKeyPem: string };
  users: NatsCertificateUser[];
  jetStream?: boolean;
}): Promise<RunningNats> {
  const dir = mkdtempSync(join(tmpdir(), 'cp-nats-'));
  const port = await freePort();
  const certFile = join(dir, 'server.crt');
  const keyFile = join(dir, 'server.key');
  const caFile = join(dir, 'ca.crt');
  const configFile = join(dir, 'nats.conf');
  const pidFile = join(dir, 'nats.pid');
  writeFileSync(certFile, input.server.certificatePem);
  writeFileSync(keyFile, input.server.privateKeyPem, { mode: 0o600 });
  writeFileSync(caFile, input.ca.certificatePem);
  const render = (users: NatsCertificateUser[]): void =>
    writeFileSync(
      configFile,
      renderNatsServerConfig({
        host: '127.0.0.1',
        port,
        certFile,
        keyFile,
        caFile,
        pidFile,
        users,
        jetStreamDir: input.jetStream ? join(dir, 'jetstream') : undefined,
      }),
    );
  render(input.users);

  const lines: string[] = [];
  const waiters: { pattern: RegExp; from: number; resolve: (line: string) => void }[] = [];
  const child: ChildProcess = spawn('nats-server', ['-c', configFile], { stdio: ['ignore', 'pipe', 'pipe'] });
  const onData = (chunk: Buffer): void => {
    for (const line of chunk.toString().split('\n').filter(Boolean)) {
      lines.push(line);
      for (const waiter of [...waiters]) {
        if (waiter.pattern.test(line)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(line);
        }
      }
    }
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const waitForLog = (pattern: RegExp, timeoutMs = 10_000, from = lines.length): Promise<string> => {
    const already = lines.slice(from).find((line) => pattern.test(line));
    if (already) return Promise.resolve(already);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`nats-server did not log ${String(pattern)}:\n${lines.join('\n')}`)),
        timeoutMs,
      );
      waiters.push({
        pattern,
        from,
        resolve: (line) => {
          clearTimeout(timer);
          resolve(line);
        },
      });
    });
  };

  await waitForLog(/Server is ready/, 10_000, 0);
  const pid = child.pid ?? 0;
  return {
    url: `tls://127.0.0.1:${port}`,
    port,
    pid,
    dir,
    configFile,
    pidFile,
    logs: () => [...lines],
    mark: () => lines.length,
    waitForLog: (pattern, timeoutMs, since) => waitForLog(pattern, timeoutMs, since),
    async reloadWithUsers(users) {
      render(users);
      // Twice, as the hub does: nats-server 2.9.10 wires a newly added account's imports on the next reload.
      for (let round = 0; round < 2; round += 1) {
        const reloaded = waitForLog(/Reloaded server configuration/);
        process.kill(pid, 'SIGHUP');
        await reloaded;
      }
    },
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
