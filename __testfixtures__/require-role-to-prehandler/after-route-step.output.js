function requireRole(...roles) {
  return (request, reply, next) => {
    if (!roles.includes(request.user?.role)) {
      return reply.code(403).send({ error: 'forbidden' });
    }
    next();
  };
}

export default async function reports(fastify) {
  fastify.get('/reports', { preHandler: [requireRole('ADMIN', 'AUDITOR')] }, async (request) => {
    return { owner: request.user.id };
  });
}
