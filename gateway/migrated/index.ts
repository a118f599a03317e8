/**
 * The hand-written Fastify versions of legacy routes, in the shape the codemods generate:
 * one plugin per Express router, registered at the router's mount prefix, plus shared `setup`.
 * gateway/manifest.json says which of them Fastify serves.
 */
import type { MigratedRoutes } from '../types';
import { adminRoutes } from './routes/admin';
import { productsRoutes } from './routes/products';
import { usersRoutes } from './routes/users';
import { setup } from './setup';

export const migratedRoutes: MigratedRoutes = {
  setup,
  modules: [
    { prefix: '/api/users', plugin: usersRoutes },
    { prefix: '/api/products', plugin: productsRoutes },
    { prefix: '/admin', plugin: adminRoutes },
  ],
};
