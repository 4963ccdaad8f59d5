/** Jest: unit tests sit beside the code (*.spec.ts); e2e tests live in test/ (*.e2e-spec.ts). */
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
  },
];
const moduleNameMapper = {
  '^@cp/([a-z-]+)$': '<rootDir>/libs/$1/src',
};
const common = {
  rootDir: __dirname,
  testEnvironment: 'node',
  // content-disposition (used by @fastify/static) and @faker-js/faker ship ESM only: swc turns them into CommonJS.
  transform: {
    '^.+\\.ts$': swc,
    '^.+/node_modules/(content-disposition|@faker-js/faker)/.+\\.js$': swc,
  },
  transformIgnorePatterns: ['/node_modules/(?!(content-disposition|@faker-js/faker)/)'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper,
};
module.exports = {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,deploy}/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      testTimeout: 60000,
    },
  ],
};
