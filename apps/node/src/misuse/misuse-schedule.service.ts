import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { CronJob } from 'cron';
import { NODE_SETTINGS, type NodeSettings } from '../config/node-settings';
import { MisuseService } from './misuse.service';

/** Runs the misuse review daily at MISUSE_REVIEW_CRON (in WORKING_HOURS_TIMEZONE) and stores the result. */
@Injectable()
export class MisuseScheduleService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('MisuseReview');
  private job: CronJob | null = null;

  constructor(
    @Inject(NODE_SETTINGS) private readonly settings: NodeSettings,
    private readonly misuse: MisuseService,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.settings.MISUSE_REVIEW_ENABLED) return;
    this.job = CronJob.from({
      cronTime: this.settings.MISUSE_REVIEW_CRON,
      timeZone: this.settings.WORKING_HOURS_TIMEZONE,
      start: true,
      onTick: () => {
        this.misuse.runDaily().then(
          (report) =>
            this.logger.log(`Daily misuse review ${report.id ?? ''} stored: ${report.flags.length} flags`),
          (error: unknown) =>
            this.logger.error(
              `Daily misuse review failed: ${error instanceof Error ? error.name : 'unknown error'}`,
            ),
        );
      },
    });
  }

  onApplicationShutdown(): void {
    void this.job?.stop();
  }
}
