export * from './durable-pull';
export * from './repeating-task';
export * from './streams';
