import type { FastifyInstance } from 'fastify';
import { findPublicDirectory, serveStaticFiles, staticSecurityHeaders } from '@cp/http';

/**
 * Headers of every file of the operators' console: scripts, styles and data from the hub only (no inline
 * script or style, no CDN: the federation network is closed), no framing, no MIME sniffing, no referrer.
 */
export const CONSOLE_SECURITY_HEADERS: Readonly<Record<string, string>> = staticSecurityHeaders([
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
]);

/** The console's files: beside this file in the sources, or under operations/console/public next to main.js once built. */
export function consoleDirectory(base: string = __dirname): string {
  return findPublicDirectory(base, 'operations/console', "The console's files");
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
  await serveStaticFiles(fastify, { root, prefix: '/console/', headers: CONSOLE_SECURITY_HEADERS });
  fastify.get('/console', (_request, reply) => reply.redirect('/console/', 301));
}
