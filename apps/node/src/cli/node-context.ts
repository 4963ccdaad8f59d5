import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext, ModuleMetadata } from '@nestjs/common';
import { loadSettings } from '@cp/config';
import { logLevelsFrom } from '@cp/http';
import { NodeSettings } from '../config/node-settings';
import { runOwnerMigrations } from '../database/owner-migrations';
import { NodeCliModule } from './node-cli.module';

/** How a CLI command reaches the node's services: a context to use, and how to let go of it afterwards. */
export interface NodeContextHandle {
  app: INestApplicationContext;
  release: () => Promise<void>;
}

export type NodeContextOpener = () => Promise<NodeContextHandle>;

/** A command's context (see NodeCliModule) with the given feature modules, from the environment's settings. */
export const nodeContextWith =
  (features: ModuleMetadata['imports'] = []): NodeContextOpener =>
  async () => {
    const settings = loadSettings(NodeSettings);
    if (settings.DATABASE_OWNER_URL) {
      await runOwnerMigrations({
        ownerUrl: settings.DATABASE_OWNER_URL,
        applicationUrl: settings.DATABASE_URL,
      });
    }
    const app = await NestFactory.createApplicationContext(NodeCliModule.register(settings, features), {
      logger: logLevelsFrom(settings.LOG_LEVEL),
    });
    return { app, release: () => app.close() };
  };

export async function withNodeContext<T>(
  open: NodeContextOpener,
  work: (app: INestApplicationContext) => Promise<T>,
): Promise<T> {
  const handle = await open();
  try {
    return await work(handle.app);
  } finally {
    await handle.release();
  }
}
