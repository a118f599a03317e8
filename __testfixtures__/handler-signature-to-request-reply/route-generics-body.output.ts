import type { FastifyInstance, FastifyRequest, FastifyReply } from 'fastify';
import { save } from '../store';

export async function notesRoutes(fastify: FastifyInstance) {
  // Reads members of the body: Express typed it any.
  fastify.post('/notes', (request: FastifyRequest<{ Body: Record<string, any> }>, reply: FastifyReply) => {
    const note = save(request.body.title, request.body.text);
    return reply.code(201).send(note);
  });

  // Destructures it.
  fastify.put('/notes/:id', (request: FastifyRequest<{ Params: Record<string, string>; Body: Record<string, any> }>, reply: FastifyReply) => {
    const { title } = request.body;
    return reply.send(save(title, request.params.id));
  });

  // Only defaults it to an object: the stricter shape.
  fastify.patch('/notes/:id', (request: FastifyRequest<{ Params: Record<string, string>; Body: Record<string, unknown> | undefined }>, reply: FastifyReply) => {
    const patch = request.body ?? {};
    return reply.send({ id: request.params.id, fields: Object.keys(patch) });
  });
}

