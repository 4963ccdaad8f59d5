import { Command } from 'commander';
import type { INestApplicationContext } from '@nestjs/common';
import { registerAuditCommands } from '../../apps/node/src/cli/audit.cli';

/** Runs `audit <args>` of the node's real CLI against a running app; returns what it printed. */
export async function runAuditCommand(app: INestApplicationContext, args: string[]): Promise<string> {
  const output: string[] = [];
  const log = jest.spyOn(console, 'log').mockImplementation((line: string) => void output.push(line));
  const program = new Command().exitOverride();
  registerAuditCommands(program, () => Promise.resolve({ app, release: () => Promise.resolve() }));
  try {
    await program.parseAsync(['node', 'node', 'audit', ...args]);
  } finally {
    log.mockRestore();
  }
  return output.join('\n');
}
