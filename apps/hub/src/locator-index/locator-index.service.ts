import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { LocatorToken } from '@cp/locator';
import {
  CANDIDATE_LAS_SQL,
  LOOKUP_SQL,
  lookupParameters,
  type CandidateLa,
  type LocatorMatch,
  type LookupOptions,
} from './locator-lookup';

/**
 * Reads the locator index: which LAs hold a record whose tokens agree with a query's tokens.
 * Each call is one SQL round trip. Tokens in, ids out: nothing here can name a child.
 */
@Injectable()
export class LocatorIndexService {
  constructor(private readonly dataSource: DataSource) {}

  async lookup(tokens: LocatorToken[], options: LookupOptions): Promise<LocatorMatch[]> {
    if (tokens.length === 0) return [];
    return this.dataSource.query<LocatorMatch[]>(LOOKUP_SQL, lookupParameters(tokens, options));
  }

  /** The LAs a query should be routed to (entries per LA counted up to options.limit in all). */
  async candidateLas(tokens: LocatorToken[], options: LookupOptions): Promise<CandidateLa[]> {
    if (tokens.length === 0) return [];
    return this.dataSource.query<CandidateLa[]>(CANDIDATE_LAS_SQL, lookupParameters(tokens, options));
  }
}
