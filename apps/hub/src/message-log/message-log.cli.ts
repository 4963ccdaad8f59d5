import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import type { Command } from 'commander';
import { DataSource } from 'typeorm';
import { loadSettings } from '@cp/config';
import { runMessagesVerify } from '@cp/message-log';
import { HubAppModule } from '../app.module';
import { HubSettings } from '../config/hub-settings';

/* eslint-disable no-console -- a CLI's output is its console */

/** How the command reaches the hub: a context and how to let go of it (tests pass their running hub). */
export type HubContextOpener = () => Promise<{ app: INestApplicationContext; release: () => Promise<void> }>;

/** The hub without HTTP and off the bus (a one-off command must not start the feeds), from the environment. */
export const openHubContext: HubContextOpener = async () => {
  const settings = loadSettings(HubSettings);
  settings.NATS_URL = undefined;
  const app = await NestFactory.createApplicationContext(HubAppModule.register(settings), {
    logger: ['error', 'warn'],
  });
  return { app, release: () => app.close() };
};

/** `messages verify`: re-checks every stored signature; exit code 1 naming the first bad message. */
export function registerMessageLogCommands(program: Command, open: HubContextOpener = openHubContext): void {
  const messages = program.command('messages').description("The hub's log of signed federation messages");
  messages
    .command('verify')
    .description('Re-check the signature of every stored message and name the first that does not hold')
    .action(async () => {
      const { app, release } = await open();
      try {
        const dataSource = app.get(DataSource);
        process.exitCode = await runMessagesVerify(
          (sql, parameters) => dataSource.query(sql, parameters),
          (line) => console.log(line),
        );
      } finally {
        await release();
      }
    });
}
