/** Jest: swc transforms TypeScript (with decorator metadata); aliases mirror tsconfig paths. */
const { compilerOptions } = require('./tsconfig.base.json');

const moduleNameMapper = {};
for (const [alias, [target]] of Object.entries(compilerOptions.paths)) {
  const key = '^' + alias.replace('/*', '/(.*)') + '$';
  moduleNameMapper[key] = '<rootDir>/' + target.replace('*', '$1');
}

module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: ['**/*.spec.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/data/'],
  // Nest 12 ships ES modules only; Jest on Node 20 cannot require them, so swc compiles them too.
  transformIgnorePatterns: ['/node_modules/(?!(@nestjs|file-type|strtok3|token-types|uint8array-extras|@tokenizer|load-esm|uid|jose|openapi-fetch|intl-messageformat|@formatjs|icu-minify|i18next-icu)/)'],
  transform: {
    '^.+\\.(ts|m?js)$': ['@swc/jest', {
      jsc: {
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true },
        target: 'es2022',
      },
      module: { type: 'commonjs' },
    }],
  },
  moduleNameMapper,
  testTimeout: 30000,
};
