import { FederationTrust1764210000000 } from './1764210000000-federation-trust';
import { LocatorIndex1764500000000 } from './1764500000000-locator-index';
import { SearchRouting1764600000000 } from './1764600000000-search-routing';
import { Handover1764700000000 } from './1764700000000-handover';
import { NodeLastSeen1764710000000 } from './1764710000000-node-last-seen';
import { OperatorActions1764720000000 } from './1764720000000-operator-actions';
import { HubMessageLog1765000000000 } from './1765000000000-message-log';
import { RouteRateLimits1765100000000 } from './1765100000000-route-rate-limits';
import { LaNames1765200000000 } from './1765200000000-la-names';

/** Every migration of the hub's schema, in order. TypeORM runs them at start. */
export const HUB_MIGRATIONS = [
  FederationTrust1764210000000,
  LocatorIndex1764500000000,
  SearchRouting1764600000000,
  Handover1764700000000,
  NodeLastSeen1764710000000,
  OperatorActions1764720000000,
  HubMessageLog1765000000000,
  RouteRateLimits1765100000000,
  LaNames1765200000000,
];
