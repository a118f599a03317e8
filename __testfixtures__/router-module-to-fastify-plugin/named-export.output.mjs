/** Admin-only routes. */
export async function adminRouter(fastify) {
  fastify.get('/stats', (req, res) => res.send({ uptime: process.uptime() }));
}

async function healthRoutes(fastify) {
  fastify.get('/', (req, res) => res.send('ok'));
}

export { healthRoutes as healthRouter };

