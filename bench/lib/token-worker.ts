import { parentPort } from 'node:worker_threads';
import { TOKEN_KIND_CODES } from '@cp/contract';
import { locatorMaterial, locatorTokens } from '@cp/locator';
import { BENCH_TOKEN_KEY } from './bench-key';
import { populationChild } from './index-population';

/** One batch of index rows, made the way a node makes them: locatorTokens(locatorMaterial(person)). */
export interface TokenBatch {
  ids: string[];
  las: string[];
  shielded: boolean[];
  tokenChild: string[];
  tokenLa: string[];
  tokenValue: string[];
  tokenKind: number[];
}

export function tokenBatch(from: number, to: number): TokenBatch {
  const batch: TokenBatch = {
    ids: [],
    las: [],
    shielded: [],
    tokenChild: [],
    tokenLa: [],
    tokenValue: [],
    tokenKind: [],
  };
  for (let index = from; index < to; index++) {
    const child = populationChild(index);
    batch.ids.push(child.id);
    batch.las.push(child.laCode);
    batch.shielded.push(child.shielded);
    for (const token of locatorTokens(locatorMaterial(child.person), BENCH_TOKEN_KEY)) {
      batch.tokenChild.push(child.id);
      batch.tokenLa.push(child.laCode);
      batch.tokenValue.push(token.value);
      batch.tokenKind.push(TOKEN_KIND_CODES[token.kind]);
    }
  }
  return batch;
}

parentPort?.on('message', ({ from, to }: { from: number; to: number }) => {
  parentPort?.postMessage(tokenBatch(from, to));
});
