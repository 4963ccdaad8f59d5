import { Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { UnauthenticatedError } from '@cp/errors';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { OperatorAccess } from '../trust/operators/operator-access.decorator';
import { operatorOf } from '../trust/operators/operator.guard';
import type { Operator } from '../trust/operators/operator-actions';
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
  retry(
    @Param() params: HandoverIdParamDto,
    @Req() request: FastifyRequest,
  ): Promise<{ id: string; requeued: number }> {
    return this.handovers.retry(params.id, operatorFrom(request));
  }

  @Post(':id/abort')
  @HttpCode(200)
  @ApiOperation({ summary: 'End an open handover; the record stays with the LA that holds it' })
  abort(
    @Param() params: HandoverIdParamDto,
    @Req() request: FastifyRequest,
  ): Promise<{ id: string; step: string; applied: boolean }> {
    return this.handovers.abort(params.id, operatorFrom(request));
  }
}

/** The operator the guard authenticated (it always has, on these routes). */
function operatorFrom(request: FastifyRequest): Operator {
  const operator = operatorOf(request);
  if (!operator) throw new UnauthenticatedError('A hub operator client certificate is required');
  return operator;
}
