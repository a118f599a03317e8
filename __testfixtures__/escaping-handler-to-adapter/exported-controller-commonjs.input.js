const reports = require('../services/reports');

// Assigned straight to exports.
exports.download = function (req, res) {
  reports.stream(req.query.id, res);
};

module.exports.preview = (req, res) => {
  res.type('html');
  reports.renderPreview(res);
};

function summary(req, res) {
  res.json(reports.summary());
}

// Exported later by name: wrapped where it is defined.
function raw(req, res) {
  reports.pipeRaw(req.params.id, res);
}

exports.summary = summary;
exports.raw = raw;
