import { findMembership } from '../services/teams';
import type { FastifyRequest, FastifyReply, HookHandlerDoneFunction } from 'fastify';

// Used by route modules elsewhere as route middleware. Fastify refuses an async hook that takes done.
export async function requireTeamMember(
  request: FastifyRequest<{ Params: Record<string, string> }>,
  reply: FastifyReply
) {
  const membership = await findMembership(request.params.teamId, request.user?.id);
  if (!membership) {
    reply.status(404).json({ error: 'no such team' });
    return reply;
  }
}

// A sync middleware keeps next: it is the callback hook's done.
export function requireJson(request: FastifyRequest, reply: FastifyReply, next: HookHandlerDoneFunction) {
  if (request.headers['content-type'] !== 'application/json') return reply.status(415).send();
  next();
}
