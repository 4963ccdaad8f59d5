export * from './controlled-lists';
export * from './child-record';
