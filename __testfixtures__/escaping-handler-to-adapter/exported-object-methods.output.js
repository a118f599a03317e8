const pdf = require('../services/pdf');

const { fromExpressHandler } = require('../adapter');

/* @fastify-migrate-todo: served through the Express adapter (res is passed to .write()); migrate it natively when you can */
/* @fastify-migrate-todo: served through the Express adapter (res is passed to .receipt()); migrate it natively when you can */
module.exports = {
  // Writes the PDF into the response.
  invoice: fromExpressHandler(function invoice(req, res) {
    pdf.write(req.params.id, res);
  }),

  receipt: fromExpressHandler(async (req, res) => {
    await pdf.receipt(req.params.id, res);
  }),

  health(req, res) {
    res.send('ok');
  }
};

