export * from './create-http-app';
export * from './static-files';
