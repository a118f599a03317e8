exports.list = (req, res) => res.json([]);
exports.show = (req, res) => res.json({ isbn: req.params.isbn });
exports.remove = (req, res) => res.sendStatus(204);
exports.loans = function loans(req, res) {
  res.json({ isbn: req.params.isbn, loans: [] });
};
exports.lend = (req, res) => res.status(201).json(req.body);
