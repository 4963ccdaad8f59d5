import { readFileSync } from 'node:fs';
import type { LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance } from 'fastify';
import { configureHttpApp, fastifyAdapter } from '@cp/http';
import { NodeAppModule } from './app.module';
import type { NodeSettings } from './config/node-settings';
import { trustedProxiesOf } from './config/trusted-proxies';

/** The node's TLS certificate and key when both HTTPS files are set; undefined serves plain HTTP. */
export function httpsOptionsOf(settings: NodeSettings): { cert: string; key: string } | undefined {
  const { HTTPS_CERT_FILE: certFile, HTTPS_KEY_FILE: keyFile } = settings;
  if (!certFile && !keyFile) return undefined;
  if (!certFile || !keyFile) throw new Error('Set both HTTPS_CERT_FILE and HTTPS_KEY_FILE, or neither');
  return { cert: readFileSync(certFile, 'utf8'), key: readFileSync(keyFile, 'utf8') };
}

/** Strict-Transport-Security on every response, errors and 404s included (HTTPS only). */
export function registerHsts(fastify: FastifyInstance, maxAgeSeconds: number): void {
  const value = `max-age=${maxAgeSeconds}; includeSubDomains`;
  fastify.addHook('onRequest', (_request, reply, done) => {
    void reply.header('strict-transport-security', value);
    done();
  });
}

/**
 * Builds the node's HTTP app as production runs it: HTTPS with HSTS when given a certificate, and the
 * client's address from X-Forwarded-For only on connections from TRUSTED_PROXIES (the sign-in limit per
 * address then counts the real client, and no client can pose as another by sending the header).
 */
export async function createNodeApp(
  settings: NodeSettings,
  logLevels: LogLevel[],
): Promise<NestFastifyApplication> {
  const https = httpsOptionsOf(settings);
  const app = await NestFactory.create<NestFastifyApplication>(
    NodeAppModule.register(settings),
    fastifyAdapter(https, trustedProxiesOf(settings.TRUSTED_PROXIES)),
    { logger: logLevels, bufferLogs: false },
  );
  if (https) registerHsts(app.getHttpAdapter().getInstance(), settings.HSTS_MAX_AGE_SECONDS);
  configureHttpApp(app, {
    title: `ContactPoint node ${settings.NODE_LA_CODE}`,
    description: "A local authority's ContactPoint node: the basic records of its children.",
    logLevels,
  });
  return app;
}
