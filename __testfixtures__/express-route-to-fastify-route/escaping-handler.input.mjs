import express from 'express';
import { renderLegacyPage } from './legacy-pages.mjs';

const api = express.Router();

// The whole request and response are handed to old code: only the adapter can run this.
api.get('/legacy/:page', (rq, rs) => {
  renderLegacyPage(rq, rs, rq.params.page);
});

api.get('/ok', (rq, rs) => {
  const { page } = rq.query;
  rs.send({ page });
});

export default api;
