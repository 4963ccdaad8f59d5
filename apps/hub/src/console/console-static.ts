import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';

/**
 * Headers of every file of the operators' console: scripts, styles and data from the hub only (no inline
 * script or style, no CDN: the federation network is closed), no framing, no MIME sniffing, no referrer.
 */
export const CONSOLE_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self'",
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; '),
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cache-control': 'no-cache',
};

/** The console's files: beside this file in the sources, or under console/public next to main.js once built. */
export function consoleDirectory(base: string = __dirname): string {
  const candidates = [join(base, 'public'), join(base, 'console', 'public')];
  const found = candidates.find((dir) => existsSync(join(dir, 'index.html')));
  if (!found) throw new Error(`The console's files are missing (looked in ${candidates.join(', ')})`);
  return found;
}

/**
 * Serves the hub operators' console at /console/ (static files, one route per file, nothing else). The
 * files hold no data: the page reads /api/v1/operations/*, which admit only an operator's client
 * certificate, so the browser's certificate is the sign-in.
 */
export async function registerHubConsole(
  fastify: FastifyInstance,
  root: string = consoleDirectory(),
): Promise<void> {
  await fastify.register(fastifyStatic, {
    root,
    prefix: '/console/',
    wildcard: false,
    index: 'index.html',
    decorateReply: false,
    dotfiles: 'deny',
    setHeaders: (reply: FastifyReply) => {
      for (const [name, value] of Object.entries(CONSOLE_SECURITY_HEADERS)) void reply.header(name, value);
    },
  });
  fastify.get('/console', (_request, reply) => reply.redirect('/console/', 301));
}
