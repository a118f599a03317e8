const reports = require('../services/reports');

const { fromExpressHandler } = require('../adapter');

// Assigned straight to exports.
/* @fastify-migrate-todo: served through the Express adapter (res is passed to .stream()); migrate it natively when you can */
exports.download = fromExpressHandler(function (req, res) {
  reports.stream(req.query.id, res);
});

/* @fastify-migrate-todo: served through the Express adapter (res is passed to .renderPreview()); migrate it natively when you can */
module.exports.preview = fromExpressHandler((req, res) => {
  res.type('html');
  reports.renderPreview(res);
});

function summary(req, res) {
  res.json(reports.summary());
}

// Exported later by name: wrapped where it is defined.
/* @fastify-migrate-todo: served through the Express adapter (res is passed to .pipeRaw()); migrate it natively when you can */
const raw = fromExpressHandler(function raw(req, res) {
  reports.pipeRaw(req.params.id, res);
});

exports.summary = summary;
exports.raw = raw;

