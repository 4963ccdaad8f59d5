import type { INestApplicationContext } from '@nestjs/common';
import type { Command } from 'commander';
import { DataSource } from 'typeorm';
import { runMessagesVerify } from '@cp/message-log';
import { openCliContext } from './cli-context.module';

/* eslint-disable no-console -- a CLI's output is its console */

/** How the command reaches the hub: a context and how to let go of it (tests pass their running hub). */
export type HubContextOpener = () => Promise<{ app: INestApplicationContext; release: () => Promise<void> }>;

/** The settings and the database only (the command reads the message table), from the environment. */
export const openHubContext: HubContextOpener = async () => {
  const app = await openCliContext([]);
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
