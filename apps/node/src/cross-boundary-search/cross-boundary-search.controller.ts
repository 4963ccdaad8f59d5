import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '../access/access.decorators';
import { RateLimit } from '../rate-limits/rate-limit.decorator';
import type { Actor } from '../access/roles';
import { accessContext, CorrelationId } from '../access/access-context';
import { CrossBoundarySearchDto } from './dto/cross-boundary-search.dto';
import { SearchRequester, type CrossBoundarySearchResponse } from './search-requester.service';

@ApiTags('search')
@ApiBearerAuth()
@Controller('federation/search')
export class CrossBoundarySearchController {
  constructor(private readonly requester: SearchRequester) {}

  @Post()
  @HttpCode(200)
  @Roles('practitioner', 'data-manager', 'shielding-officer')
  @RateLimit('cross-boundary-search')
  @ApiOperation({
    summary:
      'Search this LA and the other LAs the hub names: an NHS number, a UPN, or a family name with a date ' +
      'of birth; a reason is required. Returns matches with the practitioners involved, and the LAs that ' +
      'did not answer within the deadline',
  })
  search(
    @Body() body: CrossBoundarySearchDto,
    @CurrentActor() actor: Actor,
    @CorrelationId() correlationId: string,
  ): Promise<CrossBoundarySearchResponse> {
    const { reason, ...criteria } = body;
    return this.requester.search(criteria, accessContext(actor, correlationId, reason));
  }
}
