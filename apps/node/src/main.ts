import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { Command } from 'commander';
import { exitOnSettingsError, loadSettings } from '@cp/config';
import { logLevelsFrom } from '@cp/http';
import { NodeSettings } from './config/node-settings';
import { createNodeApp } from './node-http';
import { registerFederationCommands } from './cli/federation.cli';
import { registerSeedCommands } from './cli/seed.cli';
import { registerUsersCommands } from './cli/users.cli';
import { registerAuditCommands } from './cli/audit.cli';
import { runOwnerMigrations } from './database/owner-migrations';
import { registerMessageLogCommands } from './cli/message-log.cli';

async function serve(): Promise<void> {
  const settings = loadSettings(NodeSettings);
  if (settings.DATABASE_OWNER_URL) {
    await runOwnerMigrations({
      ownerUrl: settings.DATABASE_OWNER_URL,
      applicationUrl: settings.DATABASE_URL,
    });
  }
  const app = await createNodeApp(settings, logLevelsFrom(settings.LOG_LEVEL));
  await app.listen(settings.HTTP_PORT, settings.HTTP_HOST);
  Logger.log(`Node ${settings.NODE_LA_CODE} listening on ${await app.getUrl()}`, 'Bootstrap');
}

const program = new Command('node').description("A local authority's ContactPoint node");
program.command('serve', { isDefault: true }).description('Run the node').action(serve);
registerFederationCommands(program);
registerSeedCommands(program);
registerUsersCommands(program);
registerAuditCommands(program);
registerMessageLogCommands(program);

program.parseAsync(process.argv).catch(exitOnSettingsError);
