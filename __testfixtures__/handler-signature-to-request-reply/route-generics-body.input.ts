import type { FastifyInstance } from 'fastify';
import type { Request, Response } from 'express';
import { save } from '../store';

export async function notesRoutes(fastify: FastifyInstance) {
  // Reads members of the body: Express typed it any.
  fastify.post('/notes', (req: Request, res: Response) => {
    const note = save(req.body.title, req.body.text);
    return res.code(201).send(note);
  });

  // Destructures it.
  fastify.put('/notes/:id', (req: Request, res: Response) => {
    const { title } = req.body;
    return res.send(save(title, req.params.id));
  });

  // Only defaults it to an object: the stricter shape.
  fastify.patch('/notes/:id', (req: Request, res: Response) => {
    const patch = req.body ?? {};
    return res.send({ id: req.params.id, fields: Object.keys(patch) });
  });
}
