/** The package's main entry: the gateway library and the Express-compatible adapter. */
export * from './gateway';
export {
  DEFAULT_TIMEOUT,
  createExpressAdapter,
  fromExpressHandler,
  fromExpressMiddleware,
  ExpressAdapterTimeoutError,
  ExpressNonErrorValue,
} from './gateway/adapter';
export type {
  AdaptedHandler,
  AdaptedMiddleware,
  AdapterOptions,
  ExpressAdapter,
  ExpressHandler,
  ExpressMiddleware,
  FacadeOptions,
} from './gateway/adapter';
