import type { INestApplicationContext } from '@nestjs/common';
import { Command, Option } from 'commander';
import { writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { loadSettings } from '@cp/config';
import { DomainError, InvalidInputError } from '@cp/errors';
import { certificateFingerprint } from '@cp/pki';
import { HubSettings } from '../config/hub-settings';
import { IssuanceLogService } from '../trust/certificates/issuance-log.service';
import { NatsUsersService } from '../trust/certificates/nats-users.service';
import { EnrolmentService } from '../trust/enrolment/enrolment.service';
import { OperatorCertificatesService } from '../trust/operators/operator-certificates.service';
import {
  REVOCATION_REASONS,
  RevocationService,
  type RevocationReason,
} from '../trust/revocation/revocation.service';
import { CaService } from '../trust/ca/ca.service';
import { createFederationCa } from '../trust/ca/create-federation-ca';
import { openCliContext, TRUST_COMMAND_MODULES } from './cli-context.module';

/* eslint-disable no-console -- a CLI's output is its console */

async function withHub<T>(work: (app: INestApplicationContext) => Promise<T>): Promise<T> {
  // Only the trust modules, off the bus: nothing these commands do needs NATS (nats-server is reloaded by pid).
  const app = await openCliContext(TRUST_COMMAND_MODULES);
  try {
    return await work(app);
  } finally {
    await app.close();
    // A one-shot command ends here even if a module left a connection retrying in the background.
    setTimeout(() => process.exit(), 500).unref();
  }
}

/** Domain errors (unknown serial, already revoked, bad LA code) end the command with one line, not a stack. */
function reported<A extends unknown[]>(action: (...args: A) => Promise<void>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await action(...args);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      console.error(error.message);
      process.exitCode = 1;
      setTimeout(() => process.exit(), 500).unref();
    }
  };
}

function required(value: string | undefined, name: string): string {
  if (!value) throw new Error(`${name} must be set for this command`);
  return value;
}

/** The PKCS#12 passphrase: OPERATOR_P12_PASSPHRASE, or asked on the terminal (not echoed). */
async function pkcs12Passphrase(): Promise<string> {
  const fromEnv = process.env.OPERATOR_P12_PASSPHRASE;
  if (fromEnv) return fromEnv;
  if (!process.stdin.isTTY)
    throw InvalidInputError.field(
      'passphrase',
      'required',
      'Set OPERATOR_P12_PASSPHRASE or run on a terminal to be asked for the passphrase',
    );
  const prompt = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  const muted = prompt as unknown as { _writeToOutput: (text: string) => void };
  process.stdout.write('Passphrase for the PKCS#12 file (at least 12 characters): ');
  muted._writeToOutput = () => undefined;
  try {
    return await new Promise<string>((resolve) => prompt.question('', resolve));
  } finally {
    prompt.close();
    process.stdout.write('\n');
  }
}

/** Hub operator commands: create the CA, issue enrolment tokens, revoke certificates, refresh bus users. */
export function registerOperatorCommands(program: Command): void {
  program
    .command('ca:create')
    .description('Create the federation CA (key encrypted under HUB_CA_PASSPHRASE) and the hub certificate')
    .option('--dns <names...>', 'extra DNS names for the hub certificate', [])
    .option('--ip <addresses...>', 'extra IP addresses for the hub certificate', [])
    .action(
      reported(async (options: { dns: string[]; ip: string[] }) => {
        // The CA files come first, without the app: modules may read the CA while they start.
        const settings = loadSettings(HubSettings);
        const created = await createFederationCa({
          dir: required(settings.HUB_PKI_DIR, 'HUB_PKI_DIR'),
          passphrase: required(settings.HUB_CA_PASSPHRASE, 'HUB_CA_PASSPHRASE'),
          dnsNames: options.dns,
          ipAddresses: options.ip,
        });
        await withHub(async (app) => {
          await app.get(IssuanceLogService).append(created.hubCertificatePem, 'hub');
          await app.get(NatsUsersService).refresh();
        });
        console.log(`CA created in ${created.files.dir}`);
        console.log(
          `CA fingerprint (give it to LA IT teams out of band): ${certificateFingerprint(created.caCertificatePem)}`,
        );
      }),
    );

  program
    .command('enrolment:token')
    .description('Create a one-time enrolment token for an LA (shown once)')
    .requiredOption('--la <code>', 'ONS code of the LA')
    .option('--la-name <name>', "the LA's name, shown with its code in the console")
    .option('--token-file <path>', 'write the token to this file (0600) instead of printing it')
    .action(
      reported(async (options: { la: string; laName?: string; tokenFile?: string }) => {
        await withHub(async (app) => {
          const token = await app
            .get(EnrolmentService)
            .createToken(options.la, new Date(), { laName: options.laName });
          if (options.tokenFile) writeFileSync(options.tokenFile, token.token, { mode: 0o600 });
          else console.log(`token: ${token.token}`);
          console.log(`expires: ${token.expiresAt.toISOString()} (id ${token.id})`);
        });
      }),
    );

  program
    .command('hub-cert:renew')
    .description("Replace the hub's certificate and key (do it well before the 90 days run out)")
    .option('--dns <names...>', 'extra DNS names for the hub certificate', [])
    .option('--ip <addresses...>', 'extra IP addresses for the hub certificate', [])
    .action(
      reported(async (options: { dns: string[]; ip: string[] }) => {
        await withHub(async (app) => {
          const renewed = await app.get(CaService).renewHubCertificate(options.dns, options.ip);
          console.log(`hub certificate renewed: ${renewed.serial}; restart the hub to serve HTTPS with it`);
        });
      }),
    );

  program
    .command('cert:revoke')
    .description('Revoke a certificate by serial: refused by the hub at once and by nats-server on reload')
    .requiredOption('--serial <hex>', 'serial number (hex)')
    .addOption(new Option('--reason <reason>', 'why').choices([...REVOCATION_REASONS]).default('unspecified'))
    .action(
      reported(async (options: { serial: string; reason: RevocationReason }) => {
        await withHub(async (app) => {
          const result = await app.get(RevocationService).revoke(options.serial, options.reason);
          console.log(
            `revoked ${options.serial}; nats-server reloaded: ${result.natsReloaded ? 'yes' : 'NO, reload it by hand'}`,
          );
        });
      }),
    );

  program
    .command('operator:certificate')
    .description("Issue a hub operator's client certificate (console, operations API) as a PKCS#12 file")
    .requiredOption('--name <name>', 'operator name: lower-case letters, digits, hyphens (e.g. jsmith)')
    .requiredOption('--out <file.p12>', 'where to write the PKCS#12 file (0600)')
    .option('--days <days>', 'validity in days (1 to 397, default 90)', (value) => Number(value))
    .action(
      reported(async (options: { name: string; out: string; days?: number }) => {
        const passphrase = await pkcs12Passphrase();
        if (passphrase.length < 12)
          throw InvalidInputError.field(
            'passphrase',
            'min-length',
            'The PKCS#12 passphrase needs 12 characters or more',
          );
        await withHub(async (app) => {
          const bundle = await app
            .get(OperatorCertificatesService)
            .issue(options.name, passphrase, options.days);
          writeFileSync(options.out, bundle.pkcs12, { mode: 0o600 });
          console.log(`operator certificate ${bundle.serial} for ${options.name} written to ${options.out}`);
          console.log(
            `expires: ${bundle.notAfter.toISOString()}; revoke with cert:revoke --serial ${bundle.serial}`,
          );
        });
      }),
    );

  program
    .command('nats:config')
    .description("Write nats-server's configuration from the issuance log and signal it to reload")
    .action(
      reported(async () => {
        await withHub(async (app) => {
          const reloaded = await app.get(NatsUsersService).refresh();
          console.log(
            reloaded ? 'nats-server configuration written and reloaded' : 'unchanged or not reloaded',
          );
        });
      }),
    );
}
