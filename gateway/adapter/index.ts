/**
 * The Express-compatible adapter: run an Express handler or middleware inside a Fastify route,
 * unchanged. See adapter.ts for the design and facade.ts for the request/response facades.
 */
export {
  ADAPTER_HANDLER,
  DEFAULT_TIMEOUT,
  createExpressAdapter,
  fromExpressHandler,
  fromExpressMiddleware,
} from './adapter';
export type {
  AdaptedHandler,
  AdaptedMiddleware,
  AdapterOptions,
  ExpressAdapter,
  ExpressHandler,
  ExpressMiddleware,
} from './adapter';
export type { FacadeOptions } from './facade';
export { ExpressAdapterTimeoutError, ExpressNonErrorValue } from './errors';
