// Read by express-app-to-fastify-instance: a module of the app that uses res.locals.
export function requestId(req, res, next) {
  res.locals.requestId = req.get('x-request-id') ?? null;
  next();
}
