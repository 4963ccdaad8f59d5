import { Logger, type LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Transport, type MicroserviceOptions } from '@nestjs/microservices';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { configureHttpApp, fastifyAdapter } from '@cp/http';
import { natsClientOptions } from '@cp/pki';
import { HubAppModule } from './app.module';
import { HubSettings } from './config/hub-settings';
import { HubPkiFiles } from './trust/certificates/pki-files';
import { BusConnections } from './health/bus-connections';
import { registerHubConsole } from './operations/console/console-static';
import { TolerantNatsDeserializer } from './federation/tolerant-nats.deserializer';

/**
 * Builds the hub: HTTPS with the hub's certificate once the CA exists (no plaintext federation link),
 * and the NATS transport over mutual TLS when NATS_URL is set. Production and e2e tests both use it.
 */
export async function createHubApp(
  settings: HubSettings,
  logger: LogLevel[],
): Promise<NestFastifyApplication> {
  const files = settings.HUB_PKI_DIR ? new HubPkiFiles(settings.HUB_PKI_DIR) : undefined;
  const federated = files?.exists() ?? false;
  const https =
    files && federated
      ? {
          key: files.read(files.hubKey),
          // The chain lets a node check the hub against the CA fingerprint it was given out of band.
          cert: files.read(files.hubCertificate) + files.read(files.caCertificate),
          // Operators present a client certificate (console, operations API); nodes enrolling have none yet,
          // so TLS asks but does not insist: OperatorGuard admits only a socket-verified operator certificate.
          ca: files.read(files.caCertificate),
          requestCert: true,
          rejectUnauthorized: false,
        }
      : undefined;
  const adapter = fastifyAdapter(https);
  const app = await NestFactory.create<NestFastifyApplication>(HubAppModule.register(settings), adapter, {
    logger,
  });
  // The operators' console (static files at /console/; its data comes from operator-only routes).
  await registerHubConsole(app.getHttpAdapter().getInstance());
  configureHttpApp(app, {
    title: 'ContactPoint hub',
    description:
      'The federation hub: a locator index that routes lookups and holds no readable personal data.',
  });
  if (!files || !federated) {
    Logger.warn(
      'Federation is off: no CA in HUB_PKI_DIR (run ca:create). Serving plain HTTP locally.',
      'Hub',
    );
    return app;
  }
  if (settings.NATS_URL) {
    const transport = app.connectMicroservice<MicroserviceOptions>({
      transport: Transport.NATS,
      options: {
        ...natsClientOptions({
          url: settings.NATS_URL,
          identity: { kind: 'hub' },
          name: 'contactpoint-hub',
          tls: {
            caCertificatePem: files.read(files.caCertificate),
            certificatePem: files.read(files.hubCertificate),
            privateKeyPem: files.read(files.hubKey),
          },
        }),
        deserializer: new TolerantNatsDeserializer(),
      },
    });
    // Readiness (/health/ready) checks this connection once the transport listens.
    app.get(BusConnections).registerTransport(transport);
  } else {
    Logger.warn('NATS_URL is not set: the hub does not listen on the federation bus.', 'Hub');
  }
  return app;
}
