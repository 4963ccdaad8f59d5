import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';

/**
 * Headers of every page and file of the web app: a strict Content-Security-Policy (scripts and styles from
 * this node only, no inline script, no framing; images may be data: URLs for the enrolment QR code), no
 * MIME sniffing, no referrer, and no caching of stale code past a revalidation.
 */
export const WEB_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; '),
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cache-control': 'no-cache',
};

/**
 * Where the client's files are: beside this file in the sources (tests, ts-node), or under web/public next
 * to main.js once `nest build node` has copied them (nest-cli.json assets).
 */
export function publicDirectory(base: string = __dirname): string {
  const candidates = [join(base, 'public'), join(base, 'web', 'public')];
  const found = candidates.find((dir) => existsSync(join(dir, 'index.html')));
  if (!found) throw new Error(`The web app's files are missing (looked in ${candidates.join(', ')})`);
  return found;
}

/**
 * Serves the web app at `/`: one route per file found at start (no wildcard, so unknown paths and the API's
 * own 404s are untouched), index.html at `/`.
 */
export async function registerWebApp(
  fastify: FastifyInstance,
  root: string = publicDirectory(),
): Promise<void> {
  await fastify.register(fastifyStatic, {
    root,
    prefix: '/',
    wildcard: false,
    index: 'index.html',
    decorateReply: false,
    dotfiles: 'deny',
    setHeaders: (reply: FastifyReply) => {
      for (const [name, value] of Object.entries(WEB_SECURITY_HEADERS)) void reply.header(name, value);
    },
  });
}
