import express from 'express';
import { renderLegacyPage } from './legacy-pages.mjs';
import { audit } from './audit.mjs';

import { fromExpressMiddleware } from '../adapter';

const api = express.Router();

// The whole request and response are handed to old code: the chain moves to preHandler here,
// the handler itself is left for escaping-handler-to-adapter.
api.get('/legacy/:page', { preHandler: [fromExpressMiddleware(audit)] }, (rq, rs) => {
  renderLegacyPage(rq, rs, rq.params.page);
});

api.post('/ok', { preHandler: [fromExpressMiddleware(audit)] }, (rq, rs) => {
  const { page } = rq.body;
  rs.status(201).send({ page });
});

export default api;

