import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { OperatorAccess } from '../trust/operators/operator-access.decorator';
import { IndexResyncService, type ResyncRequestResult } from './index-resync.service';
import { IndexStatusService, type IndexStatus } from './index-status.service';
import { LaCodeParamDto } from './dto/la-code-param.dto';

/**
 * Operators' view of the locator index: per-LA counts, lag and resync state; and a resync trigger.
 * Hub operators only (client certificate, see OperatorAccess).
 */
@ApiTags('federation')
@OperatorAccess()
@Controller('federation/index')
export class LocatorIndexController {
  constructor(
    private readonly status: IndexStatusService,
    private readonly resync: IndexResyncService,
  ) {}

  @Get('status')
  @ApiOperation({ summary: 'Per-LA index entries, last event, lag and resync state (no personal data)' })
  indexStatus(): Promise<IndexStatus> {
    return this.status.status();
  }

  @Post('resync/:laCode')
  @HttpCode(202)
  @ApiOperation({ summary: "Ask an LA's node to resend its whole index" })
  requestResync(@Param() params: LaCodeParamDto): Promise<ResyncRequestResult> {
    return this.resync.requestByOperator(params.laCode);
  }
}
