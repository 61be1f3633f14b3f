/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS preload for node -r, cannot use import */
// Lets integration tests run the service as a real process straight from TypeScript (no build step): compiles
// .ts files with @swc/core on require and maps @vehicle-tracker/<pkg> to packages/<pkg>/src, like jest does.
const fs = require('node:fs');
const path = require('node:path');
const Module = require('node:module');
const { transformSync } = require('@swc/core');

const root = path.resolve(__dirname, '..', '..', '..', '..');
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  const match = /^@vehicle-tracker\/([^/]+)$/.exec(request);
  const target = match ? path.join(root, 'packages', match[1], 'src', 'index.ts') : request;
  return resolve.call(this, target, ...rest);
};
require.extensions['.ts'] = function (module, filename) {
  const { code } = transformSync(fs.readFileSync(filename, 'utf8'), {
    filename,
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
    module: { type: 'commonjs' },
  });
  module._compile(code, filename);
};
