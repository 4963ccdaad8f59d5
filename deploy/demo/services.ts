import type { DemoSecrets } from './demo-state';
import type { DemoService } from './layout';
import { databaseUrl } from './postgres';
import type { ProcessSpec } from './processes';

/** The environment a service of the demo starts with: its own database, port and, for a node, its LA. */
export function serviceEnv(
  service: DemoService,
  serverUrl: string,
  secrets: DemoSecrets,
): Record<string, string> {
  const env: Record<string, string> = {
    DATABASE_URL: databaseUrl(serverUrl, service.database),
    HTTP_HOST: '127.0.0.1',
    HTTP_PORT: String(service.httpPort),
    // Start-up chatter (every route mapped) would bury the table of addresses; LOG_LEVEL=log brings it back.
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
  };
  if (service.la) {
    env.NODE_LA_CODE = service.la.code;
    env.NODE_LA_NAME = service.la.name;
    // Kept in .demo/ so that tokens issued before a restart stay valid after it.
    env.AUTH_TOKEN_SECRET = secrets.get(`authTokenSecret.${service.la.code}`);
    env.TOTP_ENCRYPTION_KEY = secrets.get(`totpEncryptionKey.${service.la.code}`, 'hex');
  }
  return env;
}

/** The long-running server process of a service (the node's default subcommand is `serve`). */
export function serveSpec(service: DemoService, env: Record<string, string>): ProcessSpec {
  return { name: service.name, args: [service.entry], env };
}

/** A one-off subcommand of a node, e.g. `seed --count 500 --seed 2026`. */
export function nodeCommandSpec(
  service: DemoService,
  env: Record<string, string>,
  command: string[],
): ProcessSpec {
  return { name: `${service.name}:${command[0]}`, args: [service.entry, ...command], env };
}

export function readyUrl(service: DemoService): string {
  return `${httpUrl(service)}/health/ready`;
}

/** The hub serves HTTPS under the federation CA (nodes enrol and renew over it); nodes serve local HTTP. */
export function httpUrl(service: DemoService): string {
  const scheme = service.kind === 'hub' ? 'https' : 'http';
  return `${scheme}://127.0.0.1:${service.httpPort}`;
}

export function docsUrl(service: DemoService): string {
  return `${httpUrl(service)}/api/v1/docs`;
}
