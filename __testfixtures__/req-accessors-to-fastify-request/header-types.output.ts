import type { FastifyInstance } from 'fastify';

export default async function echo(fastify: FastifyInstance) {
  fastify.get('/headers/:name', (req, reply) => {
    // Node types these as string | undefined already: left as they are.
    const agent = req.headers['user-agent'];
    const auth = req.headers.authorization;
    // Any other header is string | string[] | undefined on request.headers; req.get gave string | undefined.
    const trace = req.headers['x-request-id'] as string | undefined;
    const named = req.headers[String(req.params.name).toLowerCase()] as string | undefined;
    return { agent, auth, trace, named };
  });
}
