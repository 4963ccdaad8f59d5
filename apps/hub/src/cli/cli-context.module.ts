import { Module, type DynamicModule, type INestApplicationContext, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadSettings } from '@cp/config';
import { HUB_SETTINGS, HubSettings } from '../config/hub-settings';
import { hubDatabaseModule } from '../database/hub-database.module';
import { CaModule } from '../trust/ca/ca.module';
import { CertificatesModule } from '../trust/certificates/certificates.module';
import { EnrolmentModule } from '../trust/enrolment/enrolment.module';
import { OperatorsModule } from '../trust/operators/operators.module';
import { RevocationModule } from '../trust/revocation/revocation.module';

/** What the operator commands call: the CA, the issuance log and bus users, enrolment, revocation, operators. */
export const TRUST_COMMAND_MODULES: readonly Type[] = [
  CertificatesModule,
  CaModule,
  EnrolmentModule,
  RevocationModule,
  OperatorsModule,
];

/**
 * A one-off command's hub: the settings, the database (migrations run, as when the hub starts) and only the
 * modules the command names. Not the app module: no HTTP, no bus, no index feed or handover relay.
 */
@Module({})
export class HubCliContextModule {
  static register(settings: HubSettings, features: readonly Type[]): DynamicModule {
    return {
      module: HubCliContextModule,
      global: true,
      imports: [hubDatabaseModule(settings), ...features],
      providers: [{ provide: HUB_SETTINGS, useValue: settings }],
      exports: [HUB_SETTINGS],
    };
  }
}

/** Opens that context from the environment; NATS_URL is dropped, as nothing a command does needs the bus. */
export async function openCliContext(features: readonly Type[]): Promise<INestApplicationContext> {
  const settings = loadSettings(HubSettings);
  settings.NATS_URL = undefined;
  return NestFactory.createApplicationContext(HubCliContextModule.register(settings, features), {
    logger: ['error', 'warn'],
  });
}
