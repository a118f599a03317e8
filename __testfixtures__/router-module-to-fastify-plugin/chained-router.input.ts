import { Router } from 'express';
import billingRoutes from './billing.routes';
import teamsRouter from './teams/teams.router';

// Every API router, mounted under /api.
const api = Router()
  .use(billingRoutes)
  .use('/teams', teamsRouter);

export default Router().use('/api', api);
