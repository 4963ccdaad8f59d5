import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '../access/access.decorators';
import { RateLimit } from '../rate-limits/rate-limit.decorator';
import type { Actor } from '../access/roles';
import { accessContext, CorrelationId } from '../access/access-context';
import { SearchQueryDto } from './dto/search-query.dto';
import { SearchService, type SearchResponse } from './search.service';

@ApiTags('search')
@ApiBearerAuth()
@Controller('search')
export class SearchController {
  constructor(private readonly searchService: SearchService) {}

  @Get()
  @Roles('practitioner', 'data-manager', 'shielding-officer')
  @RateLimit('search')
  @ApiOperation({
    summary:
      'Search this node: an NHS number, a UPN, or a family name with a date of birth, given name or postcode; ' +
      'tolerant of typos, ranked and capped; a reason is required',
  })
  search(
    @Query() query: SearchQueryDto,
    @CurrentActor() actor: Actor,
    @CorrelationId() correlationId: string,
  ): Promise<SearchResponse> {
    const { reason, ...criteria } = query;
    return this.searchService.search(criteria, accessContext(actor, correlationId, reason));
  }
}
