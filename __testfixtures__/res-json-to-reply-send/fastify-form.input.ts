import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { listOrders, createOrder } from '../orders';

export default async function orders(fastify: FastifyInstance) {
  fastify.get('/orders', async (request: FastifyRequest, reply: FastifyReply) => {
    const orders = await listOrders();
    reply.json({ items: orders, count: orders.length });
  });

  fastify.post('/orders', async (request: FastifyRequest, reply: FastifyReply) => {
    try {
      const order = await createOrder(request.body);
      reply.status(201).json(order);
    } catch (err) {
      reply.status(400).json({ error: (err as Error).message }); // validation failed
    }
  });

  fastify.get('/orders/export', async (request: FastifyRequest, reply: FastifyReply) => {
    const csv = (await listOrders()).map((o) => o.id).join('\n');
    reply.header('content-type', 'text/csv');
    reply.send(csv);
  });
}
