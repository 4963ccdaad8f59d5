export * from './pipeline';
export * from './evaluate';
export * from './run';
export * from './report';
