/**
 * Seed data for the legacy app's database, and the constants tests and benchmarks log in with.
 * Everything here is fixed, so two servers over two copies of the database answer the same.
 */
import { createHash } from 'node:crypto';

export const SEED_PASSWORD_SALT = 'legacy-salt-v1';

export function hashPassword(password: string): string {
  return createHash('sha256').update(`${SEED_PASSWORD_SALT}:${password}`).digest('hex');
}

export const SEED_USER_IDS = { alice: 1, bob: 2, admin: 3 } as const;

/** Bearer tokens stored in `api_tokens`. */
export const SEED_TOKENS = {
  alice: 'tok_alice_5f2c8e1a9b3d',
  bob: 'tok_bob_7a41d09e6c2f',
  admin: 'tok_admin_c93b0f4e12a8',
} as const;

/** Passwords of the seeded users (for POST /auth/login). */
export const SEED_PASSWORDS = { alice: 'wonderland', bob: 'builder', admin: 'sup3rs3cret' } as const;

/** A session id stored in `sessions`, belonging to alice: send it as the `sid` cookie to /account. */
export const SEED_SESSION_ID = 'sess_alice_0d4e7b1f';
export const SEED_SESSION_COOKIE = `sid=${SEED_SESSION_ID}`;

export interface SeedUser {
  id: number;
  username: string;
  name: string;
  email: string;
  role: 'USER' | 'ADMIN';
  password: string;
}

export const SEED_USERS: SeedUser[] = [
  { id: 1, username: 'alice', name: 'Alice Liddell', email: 'alice@example.com', role: 'USER', password: SEED_PASSWORDS.alice },
  { id: 2, username: 'bob', name: 'Bob Builder', email: 'bob@example.com', role: 'USER', password: SEED_PASSWORDS.bob },
  { id: 3, username: 'admin', name: 'Ada Admin', email: 'admin@example.com', role: 'ADMIN', password: SEED_PASSWORDS.admin },
];

export interface SeedProduct {
  sku: string;
  name: string;
  description: string;
  priceCents: number;
  stock: number;
  category: string;
}

export const SEED_PRODUCTS: SeedProduct[] = [
  { sku: 'BK-001', name: 'The Pragmatic Programmer', description: 'Classic book on software craft', priceCents: 3999, stock: 25, category: 'books' },
  { sku: 'BK-002', name: 'Refactoring', description: 'Improving the design of existing code', priceCents: 4499, stock: 10, category: 'books' },
  { sku: 'BK-003', name: 'Designing Data-Intensive Applications', description: 'Data systems, in depth', priceCents: 5299, stock: 8, category: 'books' },
  { sku: 'KB-010', name: 'Mechanical Keyboard', description: 'Tenkeyless, brown switches', priceCents: 12900, stock: 5, category: 'hardware' },
  { sku: 'MS-020', name: 'Wireless Mouse', description: 'Ergonomic, 2.4 GHz', priceCents: 3499, stock: 40, category: 'hardware' },
  { sku: 'MN-030', name: '27" Monitor', description: '1440p IPS panel', priceCents: 32900, stock: 3, category: 'hardware' },
  { sku: 'MG-100', name: 'Coffee Mug', description: 'It works on my machine', priceCents: 1299, stock: 100, category: 'merch' },
  { sku: 'TS-200', name: 'T-Shirt', description: 'Ship it!', priceCents: 2199, stock: 0, category: 'merch' },
];

export interface SeedOrder {
  id: number;
  userId: number;
  status: 'PENDING' | 'SHIPPED' | 'CANCELLED';
  note: string | null;
  items: { sku: string; qty: number }[];
}

export const SEED_ORDERS: SeedOrder[] = [
  { id: 1, userId: 1, status: 'SHIPPED', note: 'Leave at the door', items: [{ sku: 'BK-001', qty: 1 }, { sku: 'MG-100', qty: 2 }] },
  { id: 2, userId: 1, status: 'PENDING', note: null, items: [{ sku: 'KB-010', qty: 1 }] },
  { id: 3, userId: 2, status: 'PENDING', note: 'Gift wrap please', items: [{ sku: 'BK-002', qty: 1 }] },
];
