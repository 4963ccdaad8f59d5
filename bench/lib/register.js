/**
 * Runs the TypeScript benchmarks without a build: compiles each .ts file with swc on require (the same
 * settings as jest, so decorators and their metadata work) and resolves the @cp/<lib> aliases.
 * Usage: node -r ./bench/lib/register.js bench/<name>.ts
 */
const Module = require('node:module');
const path = require('node:path');
const fs = require('node:fs');
const { transformSync } = require('@swc/core');

const root = path.resolve(__dirname, '..', '..');
const originalResolve = Module._resolveFilename;
Module._resolveFilename = function resolve(request, parent, ...rest) {
  const alias = /^@cp\/([a-z-]+)$/.exec(request);
  if (alias)
    return originalResolve.call(this, path.join(root, 'libs', alias[1], 'src', 'index.ts'), parent, ...rest);
  return originalResolve.call(this, request, parent, ...rest);
};

require.extensions['.ts'] = function compile(module, filename) {
  const { code } = transformSync(fs.readFileSync(filename, 'utf8'), {
    filename,
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  });
  module._compile(code, filename);
};
require('reflect-metadata');
