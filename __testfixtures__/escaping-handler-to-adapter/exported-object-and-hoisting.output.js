const legacy = require('../legacy/render');

// Exported above the definition: a const would not be defined yet when this line runs.
module.exports = { render, list };

/* @fastify-migrate-todo: kept as Express code: it lets req/res escape (res is passed to .render()) but is read before its definition when the module loads; wrap it with fromExpressHandler(...) by hand */
function render(req, res) {
  legacy.render(req.params.page, res);
}

function list(req, res) {
  res.json([]);
}

