import type { FastifyInstance } from 'fastify';
import { findPublicDirectory, serveStaticFiles, staticSecurityHeaders } from '@cp/http';

/**
 * Headers of every page and file of the web app: a strict Content-Security-Policy (scripts and styles from
 * this node only, no inline script, no framing; images may be data: URLs for the enrolment QR code), no
 * MIME sniffing, no referrer, and no caching of stale code past a revalidation.
 */
export const WEB_SECURITY_HEADERS: Readonly<Record<string, string>> = staticSecurityHeaders([
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
]);

/**
 * Where the client's files are: beside this file in the sources (tests, ts-node), or under web/public next
 * to main.js once `nest build node` has copied them (nest-cli.json assets).
 */
export function publicDirectory(base: string = __dirname): string {
  return findPublicDirectory(base, 'web', "The web app's files");
}

/**
 * Serves the web app at `/`: one route per file found at start (no wildcard, so unknown paths and the API's
 * own 404s are untouched), index.html at `/`.
 */
export async function registerWebApp(
  fastify: FastifyInstance,
  root: string = publicDirectory(),
): Promise<void> {
  await serveStaticFiles(fastify, { root, prefix: '/', headers: WEB_SECURITY_HEADERS });
}
