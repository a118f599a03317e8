const { toErrorResponse } = require('../errors');

// Error middleware: headers come from the error.
module.exports = function errorHandler(err, req, res, next) {
  const { status, headers, body } = toErrorResponse(err);
  res.set(headers).status(status).json(body);
};
