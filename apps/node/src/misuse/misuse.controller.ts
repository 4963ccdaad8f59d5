import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { InvalidInputError } from '@cp/errors';
import { CurrentActor, Roles } from '../access/access.decorators';
import type { Actor } from '../access/roles';
import { newCorrelationId } from '../access/access-context';
import { MisuseReportQueryDto, StoredReportsQueryDto } from './dto/misuse.dto';
import { MisuseService, type MisuseReportView } from './misuse.service';

const MAX_PERIOD_DAYS = 92;

@ApiTags('misuse')
@ApiBearerAuth()
@Controller('misuse')
@Roles('auditor')
export class MisuseController {
  constructor(private readonly misuse: MisuseService) {}

  /** Runs the review now over [from, to): ids and counts only. */
  @Get('report')
  report(@Query() query: MisuseReportQueryDto, @CurrentActor() actor: Actor): Promise<MisuseReportView> {
    if (query.to.getTime() <= query.from.getTime()) {
      throw InvalidInputError.field('to', 'after-from', 'to must be after from');
    }
    if (query.to.getTime() - query.from.getTime() > MAX_PERIOD_DAYS * 86_400_000) {
      throw InvalidInputError.field('to', 'max-period', `A review covers at most ${MAX_PERIOD_DAYS} days`);
    }
    return this.misuse.runOnDemand(query.from, query.to, { actor, correlationId: newCorrelationId() });
  }

  /** The stored daily runs, newest first. */
  @Get('reports')
  reports(@Query() query: StoredReportsQueryDto, @CurrentActor() actor: Actor): Promise<MisuseReportView[]> {
    return this.misuse.storedReports(query.limit ?? 30, { actor, correlationId: newCorrelationId() });
  }
}
