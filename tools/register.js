// Runs the TypeScript sources directly: swc compiles on load (decorator metadata
// included, which NestJS needs) and tsconfig-paths resolves the @consult/* aliases.
process.env.SWC_NODE_PROJECT ??= require('node:path').join(__dirname, '..', 'tsconfig.json');
require('@swc-node/register');
require('tsconfig-paths').register({
  baseUrl: require('node:path').join(__dirname, '..'),
  paths: require('../tsconfig.base.json').compilerOptions.paths,
});
