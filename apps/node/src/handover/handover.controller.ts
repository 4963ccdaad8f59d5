import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '../access/access.decorators';
import type { Actor } from '../access/roles';
import { accessContext, CorrelationId, WRITE_REASON } from '../access/access-context';
import { EndHandoverDto, HandoverParams, RequestHandoverDto, StartHandoverDto } from './dto/handover.dto';
import { HandoverService, type HandoverView } from './handover.service';

/** Data managers hand records over when a child moves area; node administrators may see the list. */
@ApiTags('handovers')
@ApiBearerAuth()
@Controller('handovers')
export class HandoverController {
  constructor(private readonly handovers: HandoverService) {}

  @Post()
  @HttpCode(201)
  @Roles('data-manager')
  @ApiOperation({ summary: 'The child moved to another LA: hand the record over (it is frozen meanwhile)' })
  start(
    @Body() body: StartHandoverDto,
    @CurrentActor() actor: Actor,
    @CorrelationId() correlationId: string,
  ): Promise<HandoverView> {
    return this.handovers.start(body, accessContext(actor, correlationId, WRITE_REASON));
  }

  @Post('requests')
  @HttpCode(201)
  @Roles('data-manager')
  @ApiOperation({
    summary: 'Ask another LA for a child the index found there, confirmed to be the same child',
  })
  request(
    @Body() body: RequestHandoverDto,
    @CurrentActor() actor: Actor,
    @CorrelationId() correlationId: string,
  ): Promise<HandoverView> {
    return this.handovers.request(body, accessContext(actor, correlationId, WRITE_REASON));
  }

  @Get()
  @Roles('data-manager', 'node-administrator')
  @ApiOperation({ summary: "This LA's handovers and the step each has reached (ids and codes only)" })
  list(@CurrentActor() actor: Actor, @CorrelationId() correlationId: string): Promise<HandoverView[]> {
    return this.handovers.list(accessContext(actor, correlationId, WRITE_REASON));
  }

  @Post(':id/accept')
  @HttpCode(200)
  @Roles('data-manager')
  @ApiOperation({ summary: 'Accept a handover this LA was asked about' })
  accept(
    @Param() params: HandoverParams,
    @CurrentActor() actor: Actor,
    @CorrelationId() correlationId: string,
  ): Promise<HandoverView> {
    return this.handovers.accept(params.id, accessContext(actor, correlationId, WRITE_REASON));
  }

  @Post(':id/refuse')
  @HttpCode(200)
  @Roles('data-manager')
  @ApiOperation({
    summary: 'Refuse a handover this LA was asked about, with a reason (e.g. not-the-same-child)',
  })
  refuse(
    @Param() params: HandoverParams,
    @Body() body: EndHandoverDto,
    @CurrentActor() actor: Actor,
    @CorrelationId() correlationId: string,
  ): Promise<HandoverView> {
    return this.handovers.refuse(
      params.id,
      body.reasonCode,
      accessContext(actor, correlationId, WRITE_REASON),
    );
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @Roles('data-manager')
  @ApiOperation({ summary: 'Cancel a handover in flight, with a reason; the record stays where it is' })
  cancel(
    @Param() params: HandoverParams,
    @Body() body: EndHandoverDto,
    @CurrentActor() actor: Actor,
    @CorrelationId() correlationId: string,
  ): Promise<HandoverView> {
    return this.handovers.cancel(
      params.id,
      body.reasonCode,
      accessContext(actor, correlationId, WRITE_REASON),
    );
  }
}
