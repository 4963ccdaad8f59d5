/**
 * Runs a TypeScript bench script under plain node: compiles each .ts file with @swc/core (as jest does) and
 * resolves the @cp/<lib> path aliases to libs/<lib>/src. Usage: node -r ./bench/matching/register.js <file.ts>
 */
const fs = require('node:fs');
const path = require('node:path');
const Module = require('node:module');
const { transformSync } = require('@swc/core');

const root = path.resolve(__dirname, '..', '..');
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function resolveAlias(request, ...rest) {
  const alias = /^@cp\/([a-z-]+)$/.exec(request);
  const target = alias ? path.join(root, 'libs', alias[1], 'src') : request;
  return resolveFilename.call(this, target, ...rest);
};

require.extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(fs.readFileSync(filename, 'utf8'), {
    filename,
    sourceMaps: 'inline',
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
  });
  module._compile(code, filename);
};
