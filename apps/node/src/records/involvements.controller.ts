import { Body, Controller, HttpCode, Param, Patch, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '../access/access.decorators';
import type { Actor } from '../access/roles';
import { accessContext, CorrelationId, WRITE_REASON } from '../access/access-context';
import {
  ChangeInvolvementDto,
  EndInvolvementDto,
  IndicatorsDto,
  InvolvementDto,
  LeadProfessionalDto,
} from './dto/involvement.dto';
import { ChildParams, InvolvementParams } from '../record-store/dto/params.dto';
import { InvolvementsService, type InvolvementWriteResult } from './involvements.service';

/** Involvement writes carry no version; each returns the child record's new version. */
@ApiTags('involvements')
@ApiBearerAuth()
@Controller('children/:id')
export class InvolvementsController {
  constructor(private readonly involvements: InvolvementsService) {}

  @Post('involvements')
  @HttpCode(201)
  @Roles('practitioner', 'data-manager', 'shielding-officer')
  @ApiOperation({ summary: 'Register an involvement (a sensitive service needs recorded consent)' })
  add(
    @Param() params: ChildParams,
    @Body() body: InvolvementDto,
    @CurrentActor() actor: Actor,
    @CorrelationId() correlationId: string,
  ): Promise<InvolvementWriteResult> {
    return this.involvements.add(params.id, body, accessContext(actor, correlationId, WRITE_REASON));
  }

  @Patch('involvements/:involvementId')
  @Roles('practitioner', 'data-manager', 'shielding-officer')
  @ApiOperation({ summary: "Change an involvement's details (a practitioner: only their own)" })
  change(
    @Param() params: InvolvementParams,
    @Body() body: ChangeInvolvementDto,
    @CurrentActor() actor: Actor,
    @CorrelationId() correlationId: string,
  ): Promise<InvolvementWriteResult> {
    return this.involvements.change(
      params.id,
      params.involvementId,
      body,
      accessContext(actor, correlationId, WRITE_REASON),
    );
  }

  @Post('involvements/:involvementId/end')
  @HttpCode(200)
  @Roles('practitioner', 'data-manager', 'shielding-officer')
  @ApiOperation({ summary: 'End an involvement (a practitioner: only their own)' })
  end(
    @Param() params: InvolvementParams,
    @Body() body: EndInvolvementDto,
    @CurrentActor() actor: Actor,
    @CorrelationId() correlationId: string,
  ): Promise<InvolvementWriteResult> {
    return this.involvements.end(
      params.id,
      params.involvementId,
      body,
      accessContext(actor, correlationId, WRITE_REASON),
    );
  }

  @Put('involvements/:involvementId/indicators')
  @Roles('practitioner', 'data-manager', 'shielding-officer')
  @ApiOperation({
    summary: 'Set or clear the two indicators (a practitioner: only on their own involvement)',
  })
  setIndicators(
    @Param() params: InvolvementParams,
    @Body() body: IndicatorsDto,
    @CurrentActor() actor: Actor,
    @CorrelationId() correlationId: string,
  ): Promise<InvolvementWriteResult> {
    return this.involvements.setIndicators(
      params.id,
      params.involvementId,
      body,
      accessContext(actor, correlationId, WRITE_REASON),
    );
  }

  @Put('lead-professional')
  @Roles('data-manager', 'shielding-officer')
  @ApiOperation({ summary: 'Appoint or change the lead professional (one of the current involvements)' })
  appointLeadProfessional(
    @Param() params: ChildParams,
    @Body() body: LeadProfessionalDto,
    @CurrentActor() actor: Actor,
    @CorrelationId() correlationId: string,
  ): Promise<InvolvementWriteResult> {
    return this.involvements.appointLeadProfessional(
      params.id,
      body,
      accessContext(actor, correlationId, WRITE_REASON),
    );
  }
}
