export * from './durable-pull';
export * from './la-streams';
export * from './repeating-task';
export * from './semaphore';
export * from './streams';
export * from './token-bucket';
