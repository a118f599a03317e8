// Read by express-app-to-fastify-instance when a fixture app requires it (arity decides the handler).
function notFound(req, res) {
  res.status(404).send(`Cannot ${req.method} ${req.path}`);
}

function logErrors(err, req, res, next) {
  console.error(err);
  res.status(500).send('broken');
}

function keepGoing(req, res, next) {
  next();
}

module.exports = { notFound, logErrors, keepGoing };
