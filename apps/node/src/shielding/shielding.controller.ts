import { Body, Controller, Delete, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '../access/access.decorators';
import type { Actor } from '../access/roles';
import { accessContext, CorrelationId, WRITE_REASON } from '../access/access-context';
import { ChildParams } from '../record-store/dto/params.dto';
import { ShieldDto } from './dto/shield.dto';
import { ShieldingService } from './shielding.service';

@ApiTags('shielding')
@ApiBearerAuth()
@Controller('children/:id/shield')
export class ShieldingController {
  constructor(private readonly shielding: ShieldingService) {}

  @Post()
  @HttpCode(200)
  @Roles('shielding-officer')
  @ApiOperation({ summary: 'Shield a record, giving a reason code' })
  shield(
    @Param() params: ChildParams,
    @Body() body: ShieldDto,
    @CurrentActor() actor: Actor,
    @CorrelationId() correlationId: string,
  ): Promise<{ id: string; version: number }> {
    return this.shielding.shield(params.id, body, accessContext(actor, correlationId, WRITE_REASON));
  }

  @Delete()
  @HttpCode(200)
  @Roles('shielding-officer')
  @ApiOperation({ summary: "Remove a record's shield" })
  unshield(
    @Param() params: ChildParams,
    @CurrentActor() actor: Actor,
    @CorrelationId() correlationId: string,
  ): Promise<{ id: string; version: number }> {
    return this.shielding.unshield(params.id, accessContext(actor, correlationId, WRITE_REASON));
  }
}
