import { NestFactory } from '@nestjs/core';
import { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { IsIn, IsNotEmpty, IsOptional, IsString } from 'class-validator';
import { PARTY_KEY_KINDS, type PartyKeyKind } from '@cp/pki';
import { loadSettings } from '@cp/config';
import { IsLaCode } from '@cp/identifiers';
import { NodeSettings } from '../config/node-settings';
import { FederationModule } from '../federation/federation.module';
import { NodeCliModule } from './node-cli.module';
import { CredentialsProblem, FederationCertificateStore } from '../federation/certificate-store';
import { EnrolmentFailedError, enrolNode } from '../federation/enrolment-client';
import { checkIssuanceLog } from '../federation/issuance-check';
import { HubLinkService } from '../federation/hub-link.service';

/* eslint-disable no-console -- a CLI's output is its console */

/** The few settings enrolment needs: it runs before the node has any federation material. */
class FederationCliSettings {
  @IsLaCode()
  NODE_LA_CODE!: string;

  @IsString()
  @IsNotEmpty()
  FEDERATION_DIR!: string;

  @IsIn(PARTY_KEY_KINDS)
  FEDERATION_KEY_KIND: PartyKeyKind = 'ec-p256';

  /** Sent with the enrolment, so the hub's console can name the LA (when its operator named none). */
  @IsOptional()
  @IsString()
  NODE_LA_NAME?: string;
}

/** Expected failures (refused enrolment, missing or expired certificate) end with one clear line. */
function reported<A extends unknown[]>(
  action: (...args: A) => Promise<void> | void,
): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await action(...args);
    } catch (error) {
      if (!(error instanceof EnrolmentFailedError || error instanceof CredentialsProblem)) throw error;
      console.error(error.message);
      process.exitCode = 1;
    }
  };
}

/** LA IT team commands: enrol, show status, check the CA's issuance log, renew now. */
export function registerFederationCommands(program: Command): void {
  program
    .command('federation:enrol')
    .description('Enrol this node with the hub: key made here, certificate bound to NODE_LA_CODE')
    .requiredOption('--hub-url <url>', 'https://hub:port')
    .option('--token <token>', 'one-time enrolment token from the hub operator')
    .option('--token-file <path>', 'read the token from this file instead (keeps it out of the process list)')
    .requiredOption('--ca-fingerprint <sha256>', 'CA fingerprint from the hub operator, checked out of band')
    .action(
      reported(
        async (options: { hubUrl: string; token?: string; tokenFile?: string; caFingerprint: string }) => {
          const token = options.tokenFile ? readFileSync(options.tokenFile, 'utf8').trim() : options.token;
          if (!token) throw new EnrolmentFailedError('Give the enrolment token with --token or --token-file');
          const settings = loadSettings(FederationCliSettings);
          const result = await enrolNode({
            hubUrl: options.hubUrl,
            token,
            caFingerprint: options.caFingerprint,
            laCode: settings.NODE_LA_CODE,
            store: new FederationCertificateStore(settings.FEDERATION_DIR),
            keyKind: settings.FEDERATION_KEY_KIND,
            laName: settings.NODE_LA_NAME,
          });
          console.log(`enrolled: certificate ${result.serial}, valid until ${result.notAfter.toISOString()}`);
        },
      ),
    );

  program
    .command('federation:status')
    .description("Show this node's federation certificate")
    .action(
      reported(() => {
        const settings = loadSettings(FederationCliSettings);
        const credentials = new FederationCertificateStore(settings.FEDERATION_DIR).load(
          settings.NODE_LA_CODE,
        );
        const days = (credentials.certificate.notAfter.getTime() - Date.now()) / 86_400_000;
        console.log(`certificate ${credentials.certificate.serial} for LA ${credentials.laCode}`);
        console.log(
          `valid until ${credentials.certificate.notAfter.toISOString()} (${days.toFixed(1)} days)`,
        );
      }),
    );

  program
    .command('federation:check-issuance')
    .description(
      "Check the CA's issuance log for certificates in this LA's name that this node never asked for",
    )
    .requiredOption('--hub-url <url>', 'https://hub:port')
    .action(
      reported(async (options: { hubUrl: string }) => {
        const settings = loadSettings(FederationCliSettings);
        const store = new FederationCertificateStore(settings.FEDERATION_DIR);
        const credentials = store.load(settings.NODE_LA_CODE);
        const result = await checkIssuanceLog({
          hubUrl: options.hubUrl,
          laCode: settings.NODE_LA_CODE,
          caCertificatePem: credentials.caCertificatePem,
          store,
        });
        const chain = result.broken === -1 ? 'intact' : `BROKEN at ${result.broken}`;
        console.log(`issuance log: ${result.entries} entries, chain ${chain}`);
        for (const serial of result.unexpectedSerials)
          console.error(`UNEXPECTED certificate in our name: serial ${serial}`);
        if (result.rewritten)
          console.error('The log no longer holds the entry this node saw last: it was rewritten');
        if (!result.ok) process.exitCode = 2;
      }),
    );

  program
    .command('federation:renew')
    .description('Renew the federation certificate now (over the current mutual-TLS link)')
    .action(
      reported(async () => {
        const settings = loadSettings(NodeSettings);
        const app = await NestFactory.createApplicationContext(
          NodeCliModule.register(settings, [FederationModule.register(settings)]),
          {
            logger: ['error', 'warn', 'log'],
          },
        );
        try {
          await app.get(HubLinkService).renew();
          console.log(`renewed: certificate ${app.get(HubLinkService).current()?.certificate.serial ?? '?'}`);
        } finally {
          await app.close();
          setTimeout(() => process.exit(), 500).unref();
        }
      }),
    );
}
