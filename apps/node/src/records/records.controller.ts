import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '../access/access.decorators';
import { RateLimit } from '../rate-limits/rate-limit.decorator';
import type { Actor } from '../access/roles';
import { accessContext, CorrelationId, WRITE_REASON } from '../access/access-context';
import { CreateChildRecordDto, UpdateChildRecordDto } from './dto/child-record.dto';
import { ChildParams } from '../record-store/dto/params.dto';
import { ReasonQueryDto } from '../access/dto/reason-query.dto';
import { RecordsService, type RecordView } from './records.service';

@ApiTags('records')
@ApiBearerAuth()
@Controller('children')
export class RecordsController {
  constructor(private readonly records: RecordsService) {}

  @Post()
  @HttpCode(201)
  @Roles('data-manager')
  @ApiOperation({ summary: "Create a child's record (details, carers, setting, GP, involvements)" })
  create(
    @Body() body: CreateChildRecordDto,
    @CurrentActor() actor: Actor,
    @CorrelationId() correlationId: string,
  ): Promise<{ id: string; version: number }> {
    return this.records.create(body, accessContext(actor, correlationId, WRITE_REASON));
  }

  @Get(':id')
  @Roles('practitioner', 'data-manager', 'shielding-officer')
  @RateLimit('record-view')
  @ApiOperation({
    summary: 'Read one record, stating a reason; a shielded record shows only its visible fields',
  })
  view(
    @Param() params: ChildParams,
    @Query() query: ReasonQueryDto,
    @CurrentActor() actor: Actor,
    @CorrelationId() correlationId: string,
  ): Promise<RecordView> {
    return this.records.view(params.id, accessContext(actor, correlationId, query.reason));
  }

  @Put(':id')
  @Roles('data-manager', 'shielding-officer')
  @ApiOperation({
    summary:
      'Replace details, carers, setting and GP; carries the version read (stale: 409, nothing changes)',
  })
  update(
    @Param() params: ChildParams,
    @Body() body: UpdateChildRecordDto,
    @CurrentActor() actor: Actor,
    @CorrelationId() correlationId: string,
  ): Promise<{ id: string; version: number }> {
    return this.records.update(params.id, body, accessContext(actor, correlationId, WRITE_REASON));
  }
}
