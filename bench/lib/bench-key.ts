import { createHash } from 'node:crypto';

/** The benchmark's federation token key: fixed, so a reused database and new queries agree. */
export const BENCH_TOKEN_KEY = createHash('sha256').update('contactpoint bench token key').digest();
