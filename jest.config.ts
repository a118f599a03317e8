import type { Config } from 'jest';

const config: Config = {
  testEnvironment: 'node',
  // SWC strips types without type-checking: fast on two cores; `npm run typecheck` checks types.
  transform: { '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
  testMatch: ['<rootDir>/**/*.test.ts'],
  // cookie@2 (used by light-my-request, i.e. fastify.inject, and by @fastify/cookie) ships ESM only;
  // Node 20.19+ can require() it but Jest's module runtime cannot, so SWC compiles it to CommonJS;
  // @fastify/cookie loads it with a dynamic import(), which Jest's runtime refuses too: compiled as well.
  // content-disposition@3 (required by @fastify/static) is ESM only too.
  transformIgnorePatterns: ['/node_modules/(?!(cookie|@fastify/cookie|content-disposition)/)'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/__testfixtures__/', '/generated-corpus/'],
  modulePathIgnorePatterns: ['<rootDir>/dist/'],
  // Two workers on a two-core machine: Jest's default (cores - 1) would use one.
  maxWorkers: 2,
  setupFiles: ['<rootDir>/test/setup-env.ts'],
  testTimeout: 30_000,
};

export default config;
