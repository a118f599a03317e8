/**
 * Errors the adapter itself raises. Each carries a `code` and a `statusCode`, so Fastify's error
 * handler answers them like any other route error.
 */

/** The Express code neither answered nor called `next()` within the adapter's `timeout`. */
export class ExpressAdapterTimeoutError extends Error {
  readonly code = 'FST_EXPRESS_ADAPTER_TIMEOUT';
  readonly statusCode = 503;
  constructor(timeout: number, url: string) {
    super(
      `Express handler on '${url}' neither answered nor called next() within ${timeout} ms; ` +
        'make it answer, or raise the adapter `timeout` option (0 disables it)',
    );
    this.name = 'ExpressAdapterTimeoutError';
  }
}

/**
 * Express treats any truthy value passed to `next()` (other than 'route' and 'router') as an error;
 * Fastify only routes `Error` instances to its error handler. A non-Error value is wrapped in this,
 * with the value as `cause` and its `status`/`statusCode` (as Express's final handler reads them).
 */
export class ExpressNonErrorValue extends Error {
  readonly code = 'FST_EXPRESS_ADAPTER_NON_ERROR';
  readonly statusCode: number;
  constructor(value: unknown) {
    super(typeof value === 'string' ? value : `Express code passed a non-Error value to next(): ${String(value)}`);
    this.name = 'ExpressNonErrorValue';
    this.cause = value;
    const v = value as { status?: unknown; statusCode?: unknown } | null;
    const status = typeof value === 'object' && v !== null ? (v.status ?? v.statusCode) : undefined;
    this.statusCode = typeof status === 'number' && status >= 400 && status < 600 ? status : 500;
  }
}

/** Express's router rejects a handler's promise with a falsy reason as this error. */
export function rejectedPromiseError(reason: unknown): unknown {
  return reason || new Error('Rejected promise');
}

export function toError(value: unknown): Error {
  return value instanceof Error ? value : new ExpressNonErrorValue(value);
}
