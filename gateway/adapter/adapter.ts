/**
 * Runs Express handlers and middleware inside Fastify routes, unchanged.
 *
 *   fastify.get('/users/:id', { preHandler: fromExpressMiddleware(requireAuth) },
 *     fromExpressHandler((req, res) => res.json(users.find(req.params.id, req.user))));
 *
 * Design (measured: see benchmarks/adapter-vs-native.ts and facade.ts):
 * - Express code gets per-request facades (facade.ts) whose prototypes are Express's own, over a base
 *   that forwards every Node property and method to Fastify's raw request/response. Express's
 *   implementations of `send`, `json`, `format`, `sendFile`, `cookie`, `accepts`, `fresh`... run
 *   unchanged, so bodies, content types, ETags and 304s are byte-identical to Express. The raw Node
 *   objects keep their prototypes: swapping them, as Express's `app.handle` does, was measured to
 *   make Node's own per-request CPU cost 3 to 4 times higher. `res.json`/`res.send` have fast paths
 *   for default settings that write the same bytes (facade.ts); the differential suite checks them.
 * - The facades are made once per request and kept on the Fastify request, so every adapted
 *   middleware and the adapted handler of a request see the same `req`/`res` (`res.locals`, ad-hoc
 *   properties), like the successive layers of an Express stack.
 * - No `reply.hijack()`: the Express code writes through to `reply.raw`, Fastify's `reply.sent` turns
 *   true when the raw response ends, and Fastify stays in charge of the request. So `onResponse`
 *   hooks, request logging and Fastify's `handlerTimeout` still work, and an error (thrown, rejected,
 *   or passed to `next(err)`) reaches Fastify's error handler through `reply.send(err)` / the hook's
 *   `done(err)`. `onSend` and `preSerialization` hooks do not see bodies written by Express code.
 * - `next()` / `next('route')` from a route handler: no further Express route can match, so the
 *   request goes to Fastify's not-found handler (`reply.callNotFound()`), as Express falls through
 *   to its 404. From a middleware, `next()` continues the Fastify lifecycle.
 * - An error after the status line was sent cannot be answered by any error handler: as Express's
 *   final handler does, the adapter logs it and destroys the socket (if the response is unfinished).
 * - A handler that never answers: after `timeout` ms (default 30 s) without a status line, a
 *   finished response or `next()`, the adapter answers 503 (`ExpressAdapterTimeoutError`, through
 *   Fastify's error handler); that handler's late writes are then ignored instead of throwing.
 *   Deadlines are checked by one interval per adapter (every timeout/8, 5 ms to 1 s), not a timer
 *   per request, so the answer comes between `timeout` and `timeout * 1.125` ms.
 *   `timeout: 0` disables it (use Fastify's own `handlerTimeout` instead if you prefer).
 */
import type { FastifyReply, FastifyRequest, preHandlerHookHandler, RouteHandlerMethod } from 'fastify';
import type { NextFunction, Request, Response } from 'express';
import { carryFromFastify, carryToFastify, createFacade, kFastifyRequest, kRaw, kState, type Facade, type FacadeOptions, type ResponseState } from './facade';
import { ExpressAdapterTimeoutError, rejectedPromiseError, toError } from './errors';

/** Marks a handler that runs Express code through the adapter (the gateway counts these as debt). */
export const ADAPTER_HANDLER = Symbol.for('express-to-fastify.adapter');

/**
 * An Express route handler or middleware: `(req, res, next)`, sync or async. Generic so that
 * handlers typed with their own `Request<Params, ...>` are accepted as they are.
 */
export type ExpressHandler<Req = Request, Res = Response> = (req: Req, res: Res, next: NextFunction) => unknown;
export type ExpressMiddleware<Req = Request, Res = Response> = ExpressHandler<Req, Res>;

export interface AdapterOptions extends FacadeOptions {
  /**
   * Milliseconds the Express code has to start answering (send the status line) or call `next()`
   * before the adapter answers 503 through Fastify's error handler. Default 30 000; 0 disables.
   */
  timeout?: number;
}

export type AdaptedHandler = RouteHandlerMethod & { [ADAPTER_HANDLER]: true };
export type AdaptedMiddleware = preHandlerHookHandler & { [ADAPTER_HANDLER]: true };

export interface ExpressAdapter {
  fromExpressHandler<Req = Request, Res = Response>(handler: ExpressHandler<Req, Res>): AdaptedHandler;
  fromExpressMiddleware<Req = Request, Res = Response>(middleware: ExpressMiddleware<Req, Res>): AdaptedMiddleware;
  /** The Express app whose settings, engines and locals the facade uses. */
  readonly app: Facade['app'];
}

export const DEFAULT_TIMEOUT = 30_000;

type Raw = Record<PropertyKey, unknown>;
/** Where the request's facades live (on the Fastify request), shared by all adapters. */
const kFacadeSlot = Symbol('express-to-fastify.facade');
type Done = (err?: Error) => void;

function isContinue(err: unknown): boolean {
  return err === undefined || err === null;
}

function isSkip(err: unknown): boolean {
  return err === 'route' || err === 'router';
}

/** An error once the status line is out: nothing can answer it, so log and drop, like Express's final handler. */
function errorAfterHeaders(reply: FastifyReply, err: unknown): void {
  reply.log.error({ err }, 'Express code failed after the response had started; closing the connection');
  if (!reply.raw.writableEnded) reply.request.raw.socket?.destroy();
}

/**
 * Timeouts without a timer per request: waiting calls form a linked list in insertion order (=
 * deadline order, the timeout being fixed), so adding and removing one is a few pointer writes, and
 * one unref'd interval, running only while calls wait, expires them from the head.
 */
class Deadlines {
  private head: Call | null = null;
  private tail: Call | null = null;
  private interval: NodeJS.Timeout | null = null;
  constructor(readonly timeout: number) {}

  add(call: Call): void {
    call.deadline = Date.now() + this.timeout;
    call.waiting = true;
    call.before = this.tail;
    call.after = null;
    if (this.tail !== null) this.tail.after = call;
    else this.head = call;
    this.tail = call;
    if (this.interval === null) {
      this.interval = setInterval(() => this.sweep(), Math.max(5, Math.min(1000, this.timeout >> 3)));
      this.interval.unref();
    }
  }

  delete(call: Call): void {
    if (!call.waiting) return;
    call.waiting = false;
    const { before, after } = call;
    if (before !== null) before.after = after;
    else this.head = after;
    if (after !== null) after.before = before;
    else this.tail = before;
    call.before = call.after = null;
  }

  private sweep(): void {
    const now = Date.now();
    while (this.head !== null && this.head.deadline <= now) {
      const call = this.head;
      this.delete(call);
      call.timedOut(this.timeout);
    }
    if (this.head === null && this.interval !== null) {
      clearInterval(this.interval);
      this.interval = null;
    }
  }
}

/** One run of an adapted handler or middleware: its `next`, its timeout, its end. */
class Call implements ResponseState {
  deadline = 0;
  settled = false;
  /** Links in `Deadlines`' list. */
  waiting = false;
  before: Call | null = null;
  after: Call | null = null;
  readonly next: NextFunction;

  constructor(
    private readonly deadlines: Deadlines | null,
    readonly reply: FastifyReply,
    /** The hook's `done` for a middleware; null for a route handler. */
    private readonly done: Done | null,
  ) {
    this.next = ((err?: unknown) => this.settle(err, true)) as NextFunction;
  }

  /** The response ended (facade.ts): a middleware that answered lets Fastify go on (and skip the rest). */
  ended(): void {
    if (this.deadlines !== null) this.deadlines.delete(this);
    if (this.done !== null) this.settle(undefined);
  }

  /** `viaNext`: the Express code called `next` (rather than ending the response). */
  settle(err: unknown, viaNext = false): void {
    if (this.settled) return;
    this.settled = true;
    if (this.deadlines !== null) this.deadlines.delete(this);
    const reply = this.reply;
    if (isContinue(err) && this.done !== null) {
      // What the middleware set on `req` (req.auth, req.tenant) is seen by native hooks and handlers.
      if (viaNext) carryToFastify((reply.request as unknown as Raw)[kFacadeSlot] as Raw);
      this.done();
    } else if (isContinue(err) || isSkip(err)) {
      // No further Express route can match: Fastify's not-found handler answers, as Express's 404 would.
      if (!reply.raw.headersSent) reply.callNotFound();
    } else if (reply.raw.headersSent) {
      errorAfterHeaders(reply, err);
    } else {
      keepErrorStatus(reply, err);
      if (this.done !== null) this.done(toError(err));
      else reply.send(toError(err));
    }
  }

  /** The Express code neither answered nor called next in time: answer 503 unless it started answering. */
  timedOut(timeout: number): void {
    const reply = this.reply;
    if (this.settled || reply.raw.headersSent || reply.raw.destroyed) return;
    this.settled = true;
    // Its late writes go nowhere instead of throwing ERR_HTTP_HEADERS_SENT.
    const res = (reply.request as unknown as Raw)[kFacadeSlot] as Raw | undefined;
    const facade = res === undefined ? undefined : (res.res as Raw);
    if (facade !== undefined) {
      const self = (): unknown => facade;
      // (json and send too: their fast paths in facade.ts write to the raw response directly.)
      for (const name of ['setHeader', 'appendHeader', 'removeHeader', 'writeHead', 'end', 'flushHeaders', 'status', 'set', 'json', 'send']) {
        facade[name] = self;
      }
      facade.write = (): boolean => false;
    }
    reply.send(new ExpressAdapterTimeoutError(timeout, reply.request.url));
  }
}

export function createExpressAdapter(options: AdapterOptions = {}): ExpressAdapter {
  const facade = createFacade(options);
  const timeout = options.timeout ?? DEFAULT_TIMEOUT;
  const deadlines = timeout > 0 ? new Deadlines(timeout) : null;
  const reqProto = facade.request;
  const resProto = facade.response;
  const app = facade.app;

  /** The request's facades: made by the first adapted hook or handler, shared by the rest. */
  function facadesOf(request: FastifyRequest, reply: FastifyReply): Raw {
    const fastifyRequest = request as unknown as Raw;
    let req = fastifyRequest[kFacadeSlot] as Raw | undefined;
    if (req !== undefined) {
      // A facade from an adapter with other options: give it this adapter's behaviour.
      if (Object.getPrototypeOf(req) !== reqProto) {
        Object.setPrototypeOf(req, reqProto);
        Object.setPrototypeOf(req.res as Raw, resProto);
      }
      // Native hooks since the last Express layer may have changed what earlier middleware carried over.
      carryFromFastify(req);
      return req;
    }
    const raw = request.raw as unknown as Raw;
    req = Object.create(reqProto) as Raw;
    req[kRaw] = raw;
    req[kFastifyRequest] = request;
    req.originalUrl = raw.originalUrl ?? raw.url;
    const res = Object.create(resProto) as Raw;
    res[kRaw] = reply.raw;
    // express-compat's `reply.locals` (what migrated hooks write for res.locals) is this res.locals too.
    const locals = (reply as unknown as Raw).locals;
    if (locals !== null && typeof locals === 'object') res.locals = locals;
    req.res = res;
    res.req = req;
    fastifyRequest[kFacadeSlot] = req;
    return req;
  }

  function run(fn: ExpressHandler, request: FastifyRequest, reply: FastifyReply, done: Done | null): void {
    const call = new Call(deadlines, reply, done);
    const next = call.next;
    const req = facadesOf(request, reply);
    const res = req.res as Raw;
    req.next = next;
    res[kState] = call;
    if (deadlines !== null) deadlines.add(call);
    try {
      const ret = fn(req as unknown as Request, res as unknown as Response, next) as { then?: unknown } | undefined;
      if (ret !== null && typeof ret === 'object' && typeof ret.then === 'function') {
        (ret as PromiseLike<unknown>).then(undefined, (reason: unknown) => next(rejectedPromiseError(reason)));
      }
    } catch (err) {
      next(err);
    }
  }

  function fromExpressHandler<Req = Request, Res = Response>(handler: ExpressHandler<Req, Res>): AdaptedHandler {
    // Already adapted (a module wrapped its export and a route file wrapped it again): as it is.
    if ((handler as unknown as AdaptedHandler)[ADAPTER_HANDLER] === true) return handler as unknown as AdaptedHandler;
    const fn = handler as unknown as ExpressHandler;
    const adapted = function expressRouteHandler(this: unknown, request: FastifyRequest, reply: FastifyReply): void {
      run(fn, request, reply, null);
    } as AdaptedHandler;
    adapted[ADAPTER_HANDLER] = true;
    return adapted;
  }

  function fromExpressMiddleware<Req = Request, Res = Response>(middleware: ExpressMiddleware<Req, Res>): AdaptedMiddleware {
    if ((middleware as unknown as AdaptedMiddleware)[ADAPTER_HANDLER] === true) return middleware as unknown as AdaptedMiddleware;
    const fn = middleware as unknown as ExpressHandler;
    // A middleware that answers (auth failure, validation error) ends the lifecycle: Fastify's hook
    // runner sees `reply.sent` and skips the remaining hooks and the handler.
    const adapted = function expressMiddlewareHook(this: unknown, request: FastifyRequest, reply: FastifyReply, done: Done): void {
      run(fn, request, reply, done);
    } as AdaptedMiddleware;
    adapted[ADAPTER_HANDLER] = true;
    return adapted;
  }

  return { fromExpressHandler, fromExpressMiddleware, app };
}

/**
 * `res.status(401); next(new Error('...'))`: Express's final handler answers with the error's own
 * status, else the response's when it is 4xx/5xx. Express code sets that status on the raw response,
 * which Fastify's error handling ignores (it keeps only a status set through reply.code, else 500):
 * hand it over through reply.code when the error carries none of its own.
 */
function keepErrorStatus(reply: FastifyReply, err: unknown): void {
  const own = err as { status?: unknown; statusCode?: unknown } | null;
  const valid = (n: unknown) => typeof n === 'number' && n >= 400 && n <= 599;
  if (own !== null && typeof own === 'object' && (valid(own.statusCode) || valid(own.status))) return;
  if (valid(reply.raw.statusCode)) reply.code(reply.raw.statusCode);
}

let defaultAdapter: ExpressAdapter | undefined;

function shared(): ExpressAdapter {
  return (defaultAdapter ??= createExpressAdapter());
}

/** A Fastify route handler that runs an Express `(req, res, next)` handler (default options). */
export function fromExpressHandler<Req = Request, Res = Response>(handler: ExpressHandler<Req, Res>, options?: AdapterOptions): AdaptedHandler {
  return (options ? createExpressAdapter(options) : shared()).fromExpressHandler(handler);
}

/** A Fastify `preHandler` hook that runs an Express middleware (default options). */
export function fromExpressMiddleware<Req = Request, Res = Response>(
  middleware: ExpressMiddleware<Req, Res>,
  options?: AdapterOptions,
): AdaptedMiddleware {
  return (options ? createExpressAdapter(options) : shared()).fromExpressMiddleware(middleware);
}
