import express from 'express';
import { statusRouter } from './status.mjs';
import * as api from './api/index.mjs';
import { viewsRouter } from './views.tsx';

const app = express();
const API_PREFIX = '/api';
app.use('/status', statusRouter);
app.use(`${API_PREFIX}/v2`, api.default);
app.use(viewsRouter);
app.use(`/tenants/${process.env.TENANT}`, api.default);

export default app;
