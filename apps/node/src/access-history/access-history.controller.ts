import { Controller, Get, Param, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '../access/access.decorators';
import type { Actor } from '../access/roles';
import { CorrelationId } from '../access/access-context';
import { ChildParams } from '../record-store/dto/params.dto';
import { AccessHistoryService, type AccessHistory } from './access-history.service';
import { SubjectAccessExportService } from './subject-access-export.service';

/** Auditors: who has looked at a child, and the subject access export. Each call is itself audited. */
@ApiTags('access-history')
@ApiBearerAuth()
@Controller('access-history/children')
@Roles('auditor')
export class AccessHistoryController {
  constructor(
    private readonly histories: AccessHistoryService,
    private readonly exports: SubjectAccessExportService,
  ) {}

  @Get(':id')
  @ApiOperation({
    summary:
      "Every view, search disclosure and cross-boundary disclosure of a child, with each user's name, organisation and LA",
  })
  history(
    @Param() params: ChildParams,
    @CurrentActor() actor: Actor,
    @CorrelationId() correlationId: string,
  ): Promise<AccessHistory> {
    return this.histories.forChild(params.id, { actor, correlationId });
  }

  @Get(':id/subject-access.json')
  @ApiProduces('application/json')
  @ApiOperation({
    summary: "Subject access export: the child's record and its whole access history, as JSON",
  })
  async exportJson(
    @Param() params: ChildParams,
    @CurrentActor() actor: Actor,
    @CorrelationId() correlationId: string,
  ): Promise<StreamableFile> {
    const data = await this.exports.export(params.id, 'json', { actor, correlationId });
    return new StreamableFile(Buffer.from(JSON.stringify(data, null, 2), 'utf8'), {
      type: 'application/json; charset=utf-8',
      disposition: `attachment; filename="subject-access-${params.id}.json"`,
    });
  }

  @Get(':id/subject-access.pdf')
  @ApiProduces('application/pdf')
  @ApiOperation({ summary: "Subject access export: the child's record and its whole access history, as PDF" })
  async exportPdf(
    @Param() params: ChildParams,
    @CurrentActor() actor: Actor,
    @CorrelationId() correlationId: string,
  ): Promise<StreamableFile> {
    const pdf = await this.exports.exportPdf(params.id, { actor, correlationId });
    return new StreamableFile(pdf, {
      type: 'application/pdf',
      disposition: `attachment; filename="subject-access-${params.id}.pdf"`,
    });
  }
}
