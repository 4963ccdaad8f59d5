import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { OperatorAccess } from '../operators/operator-access.decorator';
import { HandoverIdParamDto, HandoverListQueryDto } from './dto/handover-query.dto';
import { HandoversService, type HandoverSummary } from './handovers.service';

/** Hub operators: handovers in flight or stuck, with their step; retry or abort one. */
@ApiTags('handovers')
@OperatorAccess()
@Controller('handovers')
export class HandoversController {
  constructor(private readonly handovers: HandoversService) {}

  @Get()
  @ApiOperation({
    summary: 'Handovers in flight, or stuck longer than HANDOVER_STUCK_AFTER_SECONDS (no personal data)',
  })
  list(@Query() query: HandoverListQueryDto): Promise<HandoverSummary[]> {
    return this.handovers.listHandovers(query.state ?? 'in-flight');
  }

  @Post(':id/retry')
  @HttpCode(202)
  @ApiOperation({ summary: "Send a handover's undelivered messages again now (or its last one)" })
  retry(@Param() params: HandoverIdParamDto): Promise<{ id: string; requeued: number }> {
    return this.handovers.retry(params.id);
  }

  @Post(':id/abort')
  @HttpCode(200)
  @ApiOperation({ summary: 'End an open handover; the record stays with the LA that holds it' })
  abort(@Param() params: HandoverIdParamDto): Promise<{ id: string; step: string; applied: boolean }> {
    return this.handovers.abort(params.id);
  }
}
