/** The catalogue. Synchronous functions that throw HttpErrors (the oldest part of the codebase). */
import { deflateSync } from 'node:zlib';
import { getDb } from '../db';
import { conflict, notFound } from '../errors';

export interface Product {
  sku: string;
  name: string;
  description: string;
  priceCents: number;
  stock: number;
  category: string;
}

const COLUMNS = 'sku, name, description, price_cents AS priceCents, stock, category';

export interface ProductQuery {
  q?: string;
  category?: string;
  limit: number;
  offset: number;
}

export function search(query: ProductQuery): { total: number; items: Product[] } {
  const where: string[] = [];
  const args: (string | number)[] = [];
  if (query.q) {
    where.push('(name LIKE ? OR description LIKE ?)');
    args.push(`%${query.q}%`, `%${query.q}%`);
  }
  if (query.category) {
    where.push('category = ?');
    args.push(query.category);
  }
  const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const db = getDb();
  const { total } = db.prepare(`SELECT COUNT(*) AS total FROM products ${clause}`).get(...args) as { total: number };
  const items = db
    .prepare(`SELECT ${COLUMNS} FROM products ${clause} ORDER BY sku LIMIT ? OFFSET ?`)
    .all(...args, query.limit, query.offset) as Product[];
  return { total, items };
}

export function find(sku: string): Product | undefined {
  return getDb().prepare(`SELECT ${COLUMNS} FROM products WHERE sku = ?`).get(sku) as Product | undefined;
}

export function get(sku: string): Product {
  const product = find(sku);
  if (!product) throw notFound(`Product ${sku}`);
  return product;
}

export function categories(): { category: string; count: number }[] {
  return getDb()
    .prepare('SELECT category, COUNT(*) AS count FROM products GROUP BY category ORDER BY category')
    .all() as { category: string; count: number }[];
}

export function all(): Product[] {
  return getDb().prepare(`SELECT ${COLUMNS} FROM products ORDER BY sku`).all() as Product[];
}

export function create(p: Product): Product {
  if (find(p.sku)) throw conflict(`Product ${p.sku} already exists`);
  getDb()
    .prepare('INSERT INTO products (sku, name, description, price_cents, stock, category) VALUES (?, ?, ?, ?, ?, ?)')
    .run(p.sku, p.name, p.description, p.priceCents, p.stock, p.category);
  return get(p.sku);
}

export function replace(sku: string, p: Omit<Product, 'sku'>): Product {
  get(sku);
  getDb()
    .prepare('UPDATE products SET name = ?, description = ?, price_cents = ?, stock = ?, category = ? WHERE sku = ?')
    .run(p.name, p.description, p.priceCents, p.stock, p.category, sku);
  return get(sku);
}

export function adjustStock(sku: string, delta: number): Product {
  const product = get(sku);
  if (product.stock + delta < 0) throw conflict(`Not enough stock for ${sku}: ${product.stock} left`);
  getDb().prepare('UPDATE products SET stock = stock + ? WHERE sku = ?').run(delta, sku);
  return get(sku);
}

export function remove(sku: string): void {
  const { changes } = getDb().prepare('DELETE FROM products WHERE sku = ?').run(sku);
  if (changes === 0) throw notFound(`Product ${sku}`);
}

export function toCsv(products: Product[]): string {
  const quote = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const lines = ['sku,name,category,price,stock'];
  for (const p of products) lines.push([p.sku, quote(p.name), p.category, (p.priceCents / 100).toFixed(2), String(p.stock)].join(','));
  return `${lines.join('\n')}\n`;
}

/**
 * A tiny deterministic "thumbnail" for a product: a 1x1 PNG whose colour comes from the SKU.
 * (The real app resized pictures from a bucket; this stands in for any binary response.)
 */
export function thumbnail(sku: string): Buffer {
  let hash = 0;
  for (const ch of sku) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  const rgb = [hash & 0xff, (hash >> 8) & 0xff, (hash >> 16) & 0xff];
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]);
  const idat = deflateSync(Buffer.from([0, ...rgb]));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', idat),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const byte of buf) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}
