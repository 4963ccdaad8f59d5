import { Inject, Injectable, type Logger } from '@nestjs/common';
import type { JsMsg } from 'nats';
import { LaStreamConsumers, type LaStreamFamilySettings } from '@cp/bus';
import { HUB_SETTINGS, HubSettings } from '../../config/hub-settings';
import { CertificateRegistryService } from './certificate-registry.service';
import { NatsUsersService } from './nats-users.service';

const RETRY_DELAY_MS = 2_000;
/** Each LA's messages apply one at a time; this many LAs' at once (bounded by the database pool). */
const HANDLERS_AT_ONCE = 2;

export type LaStreamFamily = Pick<
  LaStreamFamilySettings,
  'label' | 'streamOf' | 'subjectOf' | 'durable' | 'ackWaitMs' | 'limits'
>;

/**
 * Makes a family of per-LA streams (index events, handover steps) for every LA admitted to the bus: the
 * LAs with an active certificate, opened at once after each rewrite of nats-server's users and every
 * NATS_USERS_REFRESH_SECONDS.
 */
@Injectable()
export class AdmittedLaStreams {
  constructor(
    @Inject(HUB_SETTINGS) private readonly settings: HubSettings,
    private readonly registry: CertificateRegistryService,
    private readonly natsUsers: NatsUsersService,
  ) {}

  create(
    family: LaStreamFamily,
    handle: (message: JsMsg, laCode: string) => Promise<unknown>,
    logger: Logger,
  ): LaStreamConsumers {
    const streams = new LaStreamConsumers({
      ...family,
      handle,
      laCodes: () => this.registry.busLaCodes(),
      refreshMs: this.settings.NATS_USERS_REFRESH_SECONDS * 1000,
      retryDelayMs: RETRY_DELAY_MS,
      concurrency: HANDLERS_AT_ONCE,
      log: {
        info: (line) => logger.log(line),
        warn: (line) => logger.warn(line),
        error: (line) => logger.error(line),
      },
    });
    this.natsUsers.onUsersChanged(() => void streams.refreshLogged());
    return streams;
  }
}
