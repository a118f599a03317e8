/**
 * The recipe's steps, in the order they run on one shared tree.
 *
 * Structure first (route registration, Router module → plugin, path syntax, app-level and in-file
 * middleware, error middleware), then the adapter fallback
 * for handlers that cannot be migrated call by call (its own contract: before the signature step,
 * since a handler with Fastify's (request, reply) can no longer go behind the adapter; every later
 * step skips wrapped handlers), then the signature, then the API calls inside handlers, and
 * next(err) → throw last (it removes the signature step's "next is passed on" marker).
 */
import type { Step } from './lib/step';
import { step as appMiddlewareToFastifyPlugins } from './app-middleware-to-fastify-plugins';
import { step as errorMiddlewareToSetErrorHandler } from './error-middleware-to-set-error-handler';
import { step as escapingHandlerToAdapter } from './escaping-handler-to-adapter';
import { step as expressAppToFastifyInstance } from './express-app-to-fastify-instance';
import { step as expressPathToFindMyWay } from './express-path-to-find-my-way';
import { step as expressRouteToFastifyRoute } from './express-route-to-fastify-route';
import { step as handlerSignatureToRequestReply } from './handler-signature-to-request-reply';
import { step as nextErrorToThrow } from './next-error-to-throw';
import { step as nextOnlyHandlerToHook } from './next-only-handler-to-hook';
import { step as requireRoleToPrehandler } from './require-role-to-prehandler';
import { step as reqAccessorsToFastifyRequest } from './req-accessors-to-fastify-request';
import { step as resCookieToReplySetCookie } from './res-cookie-to-reply-set-cookie';
import { step as resHeadersToReplyHeaders } from './res-headers-to-reply-headers';
import { step as resJsonToReplySend } from './res-json-to-reply-send';
import { step as resRedirectToReplyRedirect } from './res-redirect-to-reply-redirect';
import { step as resRenderAndFiles } from './res-render-and-files';
import { step as routerModuleToFastifyPlugin } from './router-module-to-fastify-plugin';
import { step as routerParamToHook } from './router-param-to-hook';

export const steps: readonly Step[] = [
  // Structure.
  expressRouteToFastifyRoute,
  // Route middleware (auth, roles) to preHandler; unwraps adapter-wrapped local guards of the route step.
  requireRoleToPrehandler,
  // The app becomes a Fastify instance before the mounts on it are rewritten (only on Fastify receivers).
  expressAppToFastifyInstance,
  routerModuleToFastifyPlugin,
  expressPathToFindMyWay,
  // App-level and in-file middleware, error middleware.
  appMiddlewareToFastifyPlugins,
  nextOnlyHandlerToHook,
  routerParamToHook,
  errorMiddlewareToSetErrorHandler,
  // Adapter fallback: before the signature step changes (req, res) for good.
  escapingHandlerToAdapter,
  handlerSignatureToRequestReply,
  // API calls inside handlers.
  resJsonToReplySend,
  resHeadersToReplyHeaders,
  resCookieToReplySetCookie,
  resRedirectToReplyRedirect,
  resRenderAndFiles,
  reqAccessorsToFastifyRequest,
  nextErrorToThrow,
];

export function stepNames(): string[] {
  return steps.map((s) => s.name);
}
