import type { Command } from 'commander';
import { DataSource } from 'typeorm';
import { runMessagesVerify } from '@cp/message-log';
import { nodeContextWith, withNodeContext, type NodeContextOpener } from './node-context';

/* eslint-disable no-console -- a CLI's output is its console */

/** `messages verify`: re-checks every stored signature; exit code 1 naming the first bad message. */
export function registerMessageLogCommands(
  program: Command,
  open: NodeContextOpener = nodeContextWith(),
): void {
  const messages = program.command('messages').description("This node's log of signed federation messages");
  messages
    .command('verify')
    .description('Re-check the signature of every stored message and name the first that does not hold')
    .action(() =>
      withNodeContext(open, async (app) => {
        const dataSource = app.get(DataSource);
        process.exitCode = await runMessagesVerify(
          (sql, parameters) => dataSource.query(sql, parameters),
          (line) => console.log(line),
        );
      }),
    );
}
