export * from './simulated-federation';
export * from './evaluate';
export * from './run';
export * from './report';
