// A controller module: the routes that register these live elsewhere. The request is only read for
// properties the app's own middleware set (req.account, req.tenantId), none of Express's.
const Invoice = require('../models/invoice');

exports.listInvoices = (req, res, next) => {
  Invoice.forAccount(req.account.id)
    .then((invoices) => res.json({ invoices }))
    .catch(next);
};

exports.countInvoices = async (req, res) => {
  const count = await Invoice.count(req.tenantId);
  res.json({ count });
};
