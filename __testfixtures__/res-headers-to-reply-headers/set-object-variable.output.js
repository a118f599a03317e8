const { toErrorResponse } = require('../errors');

// Error middleware: headers come from the error.
module.exports = function errorHandler(err, req, res, next) {
  const { status, headers, body } = toErrorResponse(err);
  res.headers(headers).status(status).json(body);
};
