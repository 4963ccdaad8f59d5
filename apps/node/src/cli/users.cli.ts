import { InvalidArgumentError, type Command } from 'commander';
import { newCorrelationId, type AccessContext } from '../access/access-context';
import { ROLES, SYSTEM_ACTOR, isRole, type Role } from '../access/roles';
import { UsersModule } from '../users/users.module';
import { SessionsModule } from '../sessions/sessions.module';
import { nodeContextWith, withNodeContext, type NodeContextOpener } from './node-context';
import { UsersService } from '../users/users.service';

/* eslint-disable no-console -- a CLI's output is its console */

function role(value: string): Role {
  if (!isRole(value)) throw new InvalidArgumentError(`must be one of ${ROLES.join(', ')}`);
  return value;
}

/** Commands run on the node's own authority (an administrator at its console), audited as the system. */
function cliContext(): AccessContext {
  return { actor: SYSTEM_ACTOR, correlationId: newCorrelationId() };
}

async function userId(users: UsersService, idOrUsername: string): Promise<string> {
  return /^[0-9a-f-]{36}$/i.test(idOrUsername) ? idOrUsername : users.findIdByUsername(idOrUsername);
}

/** `users create|list|disable|reset|assign-role`: the administrators' API at the node's console. */
export function registerUsersCommands(
  program: Command,
  open: NodeContextOpener = nodeContextWith([SessionsModule, UsersModule]),
): void {
  const users = program.command('users').description("Manage this node's practitioners' accounts");

  users
    .command('create')
    .description('Create a user; prints a one-time initial password (TOTP is enrolled at first sign-in)')
    .requiredOption('--username <username>', 'lower-case letters, digits, ".", "-" or "_"')
    .requiredOption('--display-name <name>', 'as shown to colleagues')
    .requiredOption('--family-name <name>', 'used by the misuse review')
    .requiredOption('--role <role>', ROLES.join(' | '), role)
    .action((options: { username: string; displayName: string; familyName: string; role: Role }) =>
      withNodeContext(open, async (app) => {
        const issued = await app.get(UsersService).create(
          {
            username: options.username,
            displayName: options.displayName,
            familyName: options.familyName,
            role: options.role,
          },
          cliContext(),
        );
        console.log(`created ${issued.id} (${issued.role})`);
        console.log(`initial password (shown once): ${issued.initialPassword}`);
      }),
    );

  users
    .command('list')
    .description('List users: id, username, role and state')
    .action(() =>
      withNodeContext(open, async (app) => {
        for (const user of await app.get(UsersService).list()) {
          const state = user.disabled
            ? 'disabled'
            : user.locked
              ? 'locked'
              : user.totpEnrolled
                ? 'active'
                : 'not-enrolled';
          console.log(`${user.id}\t${user.username}\t${user.role}\t${state}`);
        }
      }),
    );

  users
    .command('disable <user>')
    .description('Disable a user (id or username) and end their sessions')
    .action((user: string) =>
      withNodeContext(open, async (app) => {
        const service = app.get(UsersService);
        const view = await service.disable(await userId(service, user), cliContext());
        console.log(`disabled ${view.id}`);
      }),
    );

  users
    .command('reset <user>')
    .description('New one-time password and TOTP re-enrolment; unlocks and re-enables the account')
    .action((user: string) =>
      withNodeContext(open, async (app) => {
        const service = app.get(UsersService);
        const issued = await service.reset(await userId(service, user), cliContext());
        console.log(`reset ${issued.id}`);
        console.log(`initial password (shown once): ${issued.initialPassword}`);
      }),
    );

  users
    .command('assign-role <user> <role>')
    .description(`Give a user another role (${ROLES.join(' | ')}); ends their sessions`)
    .action((user: string, newRole: string) =>
      withNodeContext(open, async (app) => {
        const service = app.get(UsersService);
        const view = await service.assignRole(await userId(service, user), role(newRole), cliContext());
        console.log(`${view.id} is now ${view.role}`);
      }),
    );
}
