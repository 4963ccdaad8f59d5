import type { Command } from 'commander';
import { newCorrelationId } from '../access/access-context';
import { SYSTEM_ACTOR } from '../access/roles';
import { nodeContextWith, withNodeContext, type NodeContextOpener } from './node-context';
import { AuditVerifyService } from '../audit/audit-verify.service';

/* eslint-disable no-console -- a CLI's output is its console */

/** `audit verify`: recomputes the hash chain; exit code 1 and every broken entry when it does not hold. */
export function registerAuditCommands(program: Command, open: NodeContextOpener = nodeContextWith()): void {
  const audit = program.command('audit').description("This node's audit trail");
  audit
    .command('verify')
    .description('Check the hash chain of the whole audit trail and name every broken entry')
    .action(() =>
      withNodeContext(open, async (app) => {
        const result = await app
          .get(AuditVerifyService)
          .verifyAudited({ actor: SYSTEM_ACTOR, correlationId: newCorrelationId() }, 'cli');
        if (result.firstBreak) {
          console.log(
            `audit chain BROKEN at entry ${result.firstBreak.sequence}: ${result.firstBreak.problem} ` +
              `(${result.checked} entries before it hold; ${result.breakCount} breaks in ${result.walked} entries)`,
          );
          for (const found of result.breaks) console.log(`  entry ${found.sequence}: ${found.problem}`);
          if (result.breakCount > result.breaks.length) {
            console.log(`  ... and ${result.breakCount - result.breaks.length} more`);
          }
          process.exitCode = 1;
        } else {
          console.log(
            `audit chain holds: ${result.checked} entries checked, last ${result.lastSequence} ${result.lastHash}`,
          );
        }
      }),
    );
}
