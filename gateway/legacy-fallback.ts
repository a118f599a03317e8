/**
 * Hands a request, untouched, to the legacy Express app.
 *
 * Only requests that no Fastify route matched come here (the not-found handler), plus migrated
 * routes whose mode is still `express` (see route-dispatch.ts). The hand-off happens in `onRequest`,
 * before Fastify reads the body, so Express's own parsers and limits see the original stream.
 * Measured in ../shared/FINDINGS.md: this keeps migrated routes at Fastify's speed, whereas
 * @fastify/middie and @fastify/express run the whole Express stack on every request.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { LegacyApp } from './types';

export type HandOff = (request: FastifyRequest, reply: FastifyReply) => void;

export function handOffTo(legacyApp: LegacyApp): HandOff {
  return (request, reply) => {
    reply.hijack();
    // Fastify does not log hijacked replies; say who answered (only when someone is listening).
    if ((request.log as { isLevelEnabled?: (level: string) => boolean }).isLevelEnabled?.('info')) {
      const started = process.hrtime.bigint();
      reply.raw.once('finish', () => {
        const responseTime = Number(process.hrtime.bigint() - started) / 1e6;
        request.log.info({ res: { statusCode: reply.raw.statusCode }, responseTime, servedBy: 'express' }, 'request completed');
      });
    }
    legacyApp(request.raw, reply.raw);
  };
}

export interface LegacyFallbackOptions {
  handOff: HandOff;
  /** Express routes with static paths (`GET /api/products/categories`) that no migrated route serves. */
  staticRoutes?: ReadonlyArray<{ method: string; path: string }>;
  /** Route keys the migrated scope already registered (they win). */
  migrated?: { has(key: string): boolean };
}

const STATIC_PATH = /^\/[\w\-./~]*$/;
const ROUTABLE = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** Registered without fastify-plugin: its parsers and hooks must stay in its own scope. */
export const legacyFallback: FastifyPluginAsync<LegacyFallbackOptions> = async (scope, { handOff, staticRoutes = [], migrated }) => {
  // Belt and braces: should the hand-off ever move after parsing, no Fastify parser may drain the
  // stream (a default JSON parser here hands Express an empty body).
  scope.removeAllContentTypeParsers();
  scope.addContentTypeParser('*', (_request, _payload, done) => done(null));
  scope.addHook('onRequest', (request, reply, done) => {
    handOff(request, reply);
    done();
  });
  scope.setNotFoundHandler((request, reply) => handOff(request, reply));
  // A migrated `/api/products/:sku` would otherwise capture `/api/products/categories`, which Express
  // serves from another route. Registering Express's static paths here lets find-my-way's
  // static-before-parametric rule send them to Express, as Express's own routing does.
  const seen = new Set<string>();
  for (const { method, path } of staticRoutes) {
    const key = `${method} ${path.toLowerCase().replace(/(.)\/$/, '$1')}`;
    if (!ROUTABLE.has(method) || !STATIC_PATH.test(path) || migrated?.has(`${method} ${path}`) || seen.has(key)) continue;
    seen.add(key);
    scope.route({ method, url: path, handler: (request, reply) => handOff(request, reply) });
  }
};
