import type { FastifyInstance } from 'fastify';

export default async function echo(fastify: FastifyInstance) {
  fastify.get('/headers/:name', (req, reply) => {
    // Node types these as string | undefined already: left as they are.
    const agent = req.get('User-Agent');
    const auth = req.header('authorization');
    // Any other header is string | string[] | undefined on request.headers; req.get gave string | undefined.
    const trace = req.get('X-Request-Id');
    const named = req.get(req.params.name);
    return { agent, auth, trace, named };
  });
}
