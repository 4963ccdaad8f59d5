import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { Command } from 'commander';
import { exitOnSettingsError, loadSettings } from '@cp/config';
import { logLevelsFrom } from '@cp/http';
import { HubSettings } from './config/hub-settings';
import { createHubApp } from './bootstrap';
import { registerOperatorCommands } from './cli/operator.cli';
import { registerMessageLogCommands } from './cli/message-log.cli';

async function serve(): Promise<void> {
  const settings = loadSettings(HubSettings);
  const app = await createHubApp(settings, logLevelsFrom(settings.LOG_LEVEL));
  await app.startAllMicroservices();
  await app.listen(settings.HTTP_PORT, settings.HTTP_HOST);
  Logger.log(`Hub listening on ${await app.getUrl()}`, 'Bootstrap');
}

const program = new Command('hub').description('ContactPoint federation hub');
program.command('serve', { isDefault: true }).description('Run the hub').action(serve);
registerOperatorCommands(program);
registerMessageLogCommands(program);

program.parseAsync(process.argv).catch(exitOnSettingsError);
