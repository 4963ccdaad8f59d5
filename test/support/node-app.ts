import { Test } from '@nestjs/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { configureHttpApp, fastifyAdapter } from '@cp/http';
import { NodeAppModule } from '../../apps/node/src/app.module';
import { NodeSettings } from '../../apps/node/src/config/node-settings';

/** Boots the real node app (real migrations, real PostgreSQL) in-process for supertest. */
export async function startNodeApp(
  overrides: Partial<NodeSettings> & { DATABASE_URL: string },
): Promise<NestFastifyApplication> {
  const settings = Object.assign(new NodeSettings(), {
    NODE_LA_CODE: 'E09000033',
    NODE_LA_NAME: 'Westminster',
    AUTH_TOKEN_SECRET: 'test-secret-of-at-least-thirty-two-characters',
    TOTP_ENCRYPTION_KEY: '6b'.repeat(32),
    ...overrides,
  });
  const moduleRef = await Test.createTestingModule({ imports: [NodeAppModule.register(settings)] }).compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(fastifyAdapter(), {
    logger: ['error'],
  });
  configureHttpApp(app, { title: 'test node', description: 'test' });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}
