// A controller module: the routes that register these live elsewhere. The request is only read for
// properties the app's own middleware set (req.account, req.tenantId), none of Express's.
const Invoice = require('../models/invoice');

/* @fastify-migrate-todo: `next` is passed on or called with 'route': Fastify handlers get no next; throw, return, or move this into a hook */
exports.listInvoices = (request, reply, next) => {
  Invoice.forAccount(request.account.id)
    .then((invoices) => reply.json({ invoices }))
    .catch(next);
};

exports.countInvoices = async (request, reply) => {
  const count = await Invoice.count(request.tenantId);
  reply.json({ count });
};
