import { SearchQueryDto } from '../../search/dto/search-query.dto';

/**
 * A search of other LAs (POST body): the same fields and rules as a local search, a reason required, and
 * the stricter cross-boundary minimum (cross-boundary-criteria.ts) checked by the service.
 */
export class CrossBoundarySearchDto extends SearchQueryDto {}
