export * from './canonical-encoding';
export * from './hash-chain';
