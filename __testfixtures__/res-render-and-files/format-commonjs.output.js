const express = require('express');

const router = express.Router();

router.get('/receipt', (req, res) => {
  formatReply(res, {
    'text/plain': () => res.send('receipt'),
    'application/json': () => res.json({ receipt: true }),
  });
});

module.exports = router;

/** Express's res.format(): answers with the branch the Accept header prefers (Vary: Accept), else `default`, else 406. */
function formatReply(reply, branches) {
  const offers = Object.keys(branches).filter((type) => type !== 'default');
  const accepted = String(reply.request.headers.accept ?? '*/*').split(',').map((part, index) => {
    const [range, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim().split('=')).find(([k]) => k === 'q');
    const [type, subtype] = range.trim().split('/');
    return { type, subtype, q: q ? Number(q[1]) : 1, index };
  });
  // Per offer its most specific matching range (then q, then order); then the best offer by q, specificity, order.
  let best;
  for (const offer of offers) {
    const [type, subtype] = offer.toLowerCase().split('/');
    let match;
    for (const a of accepted) {
      if ((a.type !== '*' && a.type !== type) || (a.subtype !== '*' && a.subtype !== subtype)) continue;
      const s = (a.type === type ? 4 : 0) + (a.subtype === subtype ? 2 : 0);
      if (!match || s > match.s || (s === match.s && (a.q > match.q || (a.q === match.q && a.index < match.index)))) match = { q: a.q, s, index: a.index };
    }
    if (!match || !(match.q > 0)) continue;
    if (!best || match.q > best.q || (match.q === best.q && (match.s > best.s || (match.s === best.s && match.index < best.index)))) best = { offer, ...match };
  }
  const vary = reply.getHeader('vary');
  if (!vary) reply.header('Vary', 'Accept');
  else if (!/(^|,)\s*(accept|\*)\s*(,|$)/i.test(String(vary))) reply.header('Vary', vary + ', Accept');
  if (best) {
    reply.type(/^text\/|^application\/(json|javascript)$/i.test(best.offer) ? best.offer + '; charset=utf-8' : best.offer);
    branches[best.offer]();
  } else if (branches.default) {
    branches.default();
  } else {
    reply.send(Object.assign(new Error('Not Acceptable'), { status: 406, statusCode: 406, types: offers }));
  }
}
