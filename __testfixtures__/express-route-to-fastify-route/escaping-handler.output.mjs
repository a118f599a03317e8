import express from 'express';
import { renderLegacyPage } from './legacy-pages.mjs';

import { fromExpressHandler } from '../adapter';

const api = express.Router();

// The whole request and response are handed to old code: only the adapter can run this.
/* @fastify-migrate-todo: the handler lets req/res escape (renderLegacyPage(rq, rs, rq.params.page)): it runs through the Express adapter; migrate it by hand */
api.get('/legacy/:page', fromExpressHandler((rq, rs) => {
  renderLegacyPage(rq, rs, rq.params.page);
}));

api.get('/ok', (rq, rs) => {
  const { page } = rq.query;
  rs.send({ page });
});

export default api;

