import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { connect } from 'node:net';
import { join } from 'node:path';
import { certificateFingerprint } from '@cp/pki';
import type { DemoSecrets } from './demo-state';
import type { DemoService } from './layout';

/**
 * Where the demo federation keeps its trust material and bus: the hub's CA and certificate, each node's key
 * and certificate, and the nats-server the hub configures (mutual TLS, one user per issued certificate).
 */
export class DemoFederation {
  readonly hubPkiDir: string;
  readonly natsDir: string;

  constructor(
    dir: string,
    private readonly secrets: DemoSecrets,
    readonly natsPort: number,
  ) {
    this.hubPkiDir = join(dir, 'pki', 'hub');
    this.natsDir = join(dir, 'nats');
    mkdirSync(this.hubPkiDir, { recursive: true, mode: 0o700 });
    mkdirSync(join(this.natsDir, 'jetstream'), { recursive: true, mode: 0o700 });
  }

  get natsUrl(): string {
    return `tls://127.0.0.1:${this.natsPort}`;
  }

  get natsConfigFile(): string {
    return join(this.natsDir, 'nats-server.conf');
  }

  get caExists(): boolean {
    return existsSync(join(this.hubPkiDir, 'ca.crt'));
  }

  get caCertificatePem(): string {
    return readFileSync(join(this.hubPkiDir, 'ca.crt'), 'utf8');
  }

  get caFingerprint(): string {
    return certificateFingerprint(this.caCertificatePem);
  }

  nodeDir(service: DemoService): string {
    const dir = join(this.hubPkiDir, '..', service.la!.code);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    return dir;
  }

  isEnrolled(service: DemoService): boolean {
    return existsSync(join(this.nodeDir(service), 'node.crt'));
  }

  tokenFile(service: DemoService): string {
    return join(this.nodeDir(service), 'enrolment-token');
  }

  forgetToken(service: DemoService): void {
    rmSync(this.tokenFile(service), { force: true });
  }

  /** The hub's federation settings: its CA, and the nats-server whose users it writes and reloads. */
  hubEnv(): Record<string, string> {
    return {
      HUB_PKI_DIR: this.hubPkiDir,
      HUB_CA_PASSPHRASE: this.secrets.get('hubCaPassphrase'),
      NATS_URL: this.natsUrl,
      NATS_SERVER_CONFIG_FILE: this.natsConfigFile,
      NATS_SERVER_PID_FILE: join(this.natsDir, 'nats-server.pid'),
      NATS_SERVER_PORT: String(this.natsPort),
      NATS_JETSTREAM_DIR: join(this.natsDir, 'jetstream'),
    };
  }

  /** A node's federation settings; the token key is shared by the nodes and never given to the hub. */
  nodeEnv(service: DemoService, hubHttpsUrl: string): Record<string, string> {
    return {
      FEDERATION_DIR: this.nodeDir(service),
      NATS_URL: this.natsUrl,
      HUB_URL: hubHttpsUrl,
      FEDERATION_TOKEN_KEY: this.secrets.get('federationTokenKey', 'base64'),
    };
  }
}

/** The nats-server on PATH, or a clear line on how to install it. */
export function natsServerBinary(): string {
  try {
    return execFileSync('sh', ['-c', 'command -v nats-server'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error(
      'nats-server is not installed: `apt-get install nats-server` (Debian/Ubuntu) or see https://docs.nats.io',
    );
  }
}

/** One HTTPS probe trusting only the federation CA: true when the URL answers 200. */
export function httpsAnswers(url: string, caCertificatePem: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = request(url, { ca: caCertificatePem, timeout: 2000 }, (response) => {
      response.resume();
      resolve(response.statusCode === 200);
    });
    probe.on('error', () => resolve(false));
    probe.on('timeout', () => probe.destroy());
    probe.end();
  });
}

/** True when something accepts TCP connections on the port (nats-server is listening again). */
export function tcpAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port, timeout: 2000 }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
    socket.on('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}
