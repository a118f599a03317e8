/** `GET /healthz`: 200 with which side serves each migrated route, and the adapter debt. */
import type { FastifyPluginAsync } from 'fastify';
import type { RouteTable } from './route-dispatch';
import type { RouteMode } from './types';

export const healthz: FastifyPluginAsync<{ table: RouteTable }> = async (scope, { table }) => {
  scope.get('/healthz', async () => {
    const servedBy: Record<RouteMode, string[]> = { express: [], fastify: [], shadow: [] };
    const routes: Record<string, RouteMode> = {};
    for (const [key, mode] of [...table.modes].sort(([a], [b]) => a.localeCompare(b))) {
      routes[key] = mode;
      servedBy[mode].push(key);
    }
    const adapterRoutes = [...table.adapterRoutes].sort().filter((key) => table.modes.get(key) !== 'express');
    return {
      status: 'ok',
      routes,
      servedBy,
      counts: { express: servedBy.express.length, fastify: servedBy.fastify.length, shadow: servedBy.shadow.length },
      adapterDebt: { count: adapterRoutes.length, routes: adapterRoutes },
    };
  });
};
