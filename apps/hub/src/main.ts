import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { exitOnSettingsError, loadSettings } from '@cp/config';
import { createHttpApp, logLevelsFrom } from '@cp/http';
import { HubSettings } from './config/hub-settings';
import { HubAppModule } from './app.module';

async function serve(): Promise<void> {
  const settings = loadSettings(HubSettings);
  const app = await createHttpApp(HubAppModule.register(settings), {
    title: 'ContactPoint hub',
    description:
      'The federation hub: a locator index that routes lookups and holds no readable personal data.',
    logLevels: logLevelsFrom(settings.LOG_LEVEL),
  });
  await app.listen(settings.HTTP_PORT, settings.HTTP_HOST);
  Logger.log(`Hub listening on ${await app.getUrl()}`, 'Bootstrap');
}

serve().catch(exitOnSettingsError);
