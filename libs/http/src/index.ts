export * from './create-http-app';
export * from './static-files';
export * from './json-body-parser';
export * from './untrusted-input';
export * from './nested-object';
