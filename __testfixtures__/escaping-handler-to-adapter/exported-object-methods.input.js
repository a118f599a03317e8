const pdf = require('../services/pdf');

module.exports = {
  // Writes the PDF into the response.
  invoice(req, res) {
    pdf.write(req.params.id, res);
  },
  receipt: async (req, res) => {
    await pdf.receipt(req.params.id, res);
  },
  health(req, res) {
    res.send('ok');
  },
};
