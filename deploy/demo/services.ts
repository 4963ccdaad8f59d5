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
    // A node hashes passwords with argon2 (19 MiB each) in libuv's worker threads. With glibc's default,
    // the first free of such a block raises the mmap threshold, so later ones come from each thread's own
    // malloc arena and stay resident after they are freed: about 19 MiB per thread, some 80 MB per node.
    // A fixed threshold keeps large blocks mmapped, returned to the system as soon as they are freed.
    env.MALLOC_MMAP_THRESHOLD_ = process.env.MALLOC_MMAP_THRESHOLD_ ?? '131072';
    env.NODE_LA_CODE = service.la.code;
    env.NODE_LA_NAME = service.la.name;
    // Kept in .demo/ so that tokens issued before a restart stay valid after it.
    env.AUTH_TOKEN_SECRET = secrets.get(`authTokenSecret.${service.la.code}`);
    env.TOTP_ENCRYPTION_KEY = secrets.get(`totpEncryptionKey.${service.la.code}`, 'hex');
  }
  return env;
}

/**
 * V8's old space for a node's server, in MB. A node's live heap is about 60 to 100 MB; left to its default
 * (a share of the machine's memory, GBs here) V8 lets garbage pile up between full collections, and under
 * bench:soak a node's RSS swung between 170 and 350 MB. This cap makes it collect sooner instead.
 */
export const NODE_MAX_OLD_SPACE_MB = 160;

/** The long-running server process of a service (the node's default subcommand is `serve`). */
export function serveSpec(service: DemoService, env: Record<string, string>): ProcessSpec {
  const heap = service.kind === 'node' ? [`--max-old-space-size=${NODE_MAX_OLD_SPACE_MB}`] : [];
  return { name: service.name, args: [...heap, service.entry], env };
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
