import type { PersonFields } from '@cp/matching';
import {
  LA_CODES,
  LA_COUNT,
  populationChild,
  QUERY_KINDS,
  queryFor,
  type PopulationChild,
  type QueryKind,
} from './index-population';

/** One search of the federation benchmark: who asks, for whom, with what (deterministic in n). */
export interface FederationQuery {
  n: number;
  asker: string;
  target: PopulationChild;
  kind: QueryKind;
  criteria: PersonFields;
}

/** Search n: a child of the loaded population, looked for from another LA, with a realistic error. */
export function federationQuery(n: number, entries: number): FederationQuery {
  const target = populationChild(
    Math.floor((((n * 2_654_435_761) % 4_294_967_296) / 4_294_967_296) * entries),
  );
  const kind = QUERY_KINDS[n % QUERY_KINDS.length];
  const asker = LA_CODES[(LA_CODES.indexOf(target.laCode) + 1 + (n % (LA_COUNT - 1))) % LA_COUNT];
  const criteria = queryFor(target, kind, n);
  return { n, asker, target, kind, criteria };
}

/** Every credential the benchmark's LAs hold (one certificate and key each, issued by the bench's CA). */
export interface BenchLa {
  laCode: string;
  certificatePem: string;
  privateKeyPem: string;
}

export interface BenchFederation {
  natsUrl: string;
  caCertificatePem: string;
  hubCertificatePem: string;
  las: BenchLa[];
  entries: number;
  /** Searches the run may make (n from 0 to queries - 1). */
  queries: number;
}
