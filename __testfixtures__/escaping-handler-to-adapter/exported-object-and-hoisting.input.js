const legacy = require('../legacy/render');

// Exported above the definition: a const would not be defined yet when this line runs.
module.exports = { render, list };

function render(req, res) {
  legacy.render(req.params.page, res);
}

function list(req, res) {
  res.json([]);
}
