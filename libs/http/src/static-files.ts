import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';

/**
 * The headers every static page and file of the federation carries besides its own Content-Security-Policy:
 * no framing, no MIME sniffing, no referrer, no caching of stale code past a revalidation.
 */
export function staticSecurityHeaders(
  contentSecurityPolicy: readonly string[],
): Readonly<Record<string, string>> {
  return {
    'content-security-policy': contentSecurityPolicy.join('; '),
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
    'cache-control': 'no-cache',
  };
}

/**
 * Where an app's public files are: `<base>/public` beside the serving file in the sources (tests, ts-node),
 * or `<base>/<builtFolder>/public` next to main.js once `nest build` has copied them (nest-cli.json assets).
 * `what` names them in the error when neither holds an index.html.
 */
export function findPublicDirectory(base: string, builtFolder: string, what: string): string {
  const candidates = [join(base, 'public'), join(base, builtFolder, 'public')];
  const found = candidates.find((dir) => existsSync(join(dir, 'index.html')));
  if (!found) throw new Error(`${what} are missing (looked in ${candidates.join(', ')})`);
  return found;
}

export interface StaticFilesOptions {
  /** The folder served. */
  root: string;
  /** The URL prefix, ending in `/`. */
  prefix: string;
  /** Set on every file served (see staticSecurityHeaders). */
  headers: Readonly<Record<string, string>>;
}

/**
 * Serves a folder of static files under a prefix: one route per file found at start (no wildcard, so
 * unknown paths and the API's own 404s are untouched), index.html at the prefix, dotfiles refused, and the
 * given headers on every file.
 */
export async function serveStaticFiles(fastify: FastifyInstance, options: StaticFilesOptions): Promise<void> {
  const { root, prefix, headers } = options;
  await fastify.register(fastifyStatic, {
    root,
    prefix,
    wildcard: false,
    index: 'index.html',
    decorateReply: false,
    dotfiles: 'deny',
    setHeaders: (reply: FastifyReply) => {
      for (const [name, value] of Object.entries(headers)) void reply.header(name, value);
    },
  });
}
