import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { listOrders, createOrder } from '../orders';

export default async function orders(fastify: FastifyInstance) {
  fastify.get('/orders', async (request: FastifyRequest, reply: FastifyReply) => {
    const orders = await listOrders();
    return { items: orders, count: orders.length };
  });

  fastify.post('/orders', async (request: FastifyRequest, reply: FastifyReply) => {
    try {
      const order = await createOrder(request.body);
      return reply.code(201).send(order);
    } catch (err) {
      return reply.code(400).send({ error: (err as Error).message }); // validation failed
    }
  });

  fastify.get('/orders/export', async (request: FastifyRequest, reply: FastifyReply) => {
    const csv = (await listOrders()).map((o) => o.id).join('\n');
    reply.header('content-type', 'text/csv');
    return reply.send(csv);
  });
}
