/**
 * Orders. Node-style callbacks (`(err, result) => ...`): this module was written before the team
 * moved to promises and nobody has touched it since.
 */
import { getDb } from '../db';
import { HttpError, conflict, notFound } from '../errors';

export type OrderStatus = 'PENDING' | 'SHIPPED' | 'CANCELLED';

export interface OrderItem {
  sku: string;
  qty: number;
  unitPriceCents: number;
}

export interface Order {
  id: number;
  userId: number;
  status: OrderStatus;
  note: string | null;
  items: OrderItem[];
  totalCents: number;
}

type Callback<T> = (err: Error | null, result?: T) => void;

interface OrderRow {
  id: number;
  userId: number;
  status: OrderStatus;
  note: string | null;
}

function load(id: number): Order | undefined {
  const db = getDb();
  const row = db.prepare('SELECT id, user_id AS userId, status, note FROM orders WHERE id = ?').get(id) as OrderRow | undefined;
  if (!row) return undefined;
  const items = db
    .prepare('SELECT sku, qty, unit_price_cents AS unitPriceCents FROM order_items WHERE order_id = ? ORDER BY sku')
    .all(id) as OrderItem[];
  const totalCents = items.reduce((sum, i) => sum + i.qty * i.unitPriceCents, 0);
  return { ...row, items, totalCents };
}

export function findById(id: number, cb: Callback<Order | undefined>): void {
  setImmediate(() => {
    try {
      cb(null, load(id));
    } catch (err) {
      cb(err as Error);
    }
  });
}

export function listForUser(userId: number | null, cb: Callback<Order[]>): void {
  setImmediate(() => {
    try {
      const db = getDb();
      const ids = (userId === null
        ? db.prepare('SELECT id FROM orders ORDER BY id').all()
        : db.prepare('SELECT id FROM orders WHERE user_id = ? ORDER BY id').all(userId)) as { id: number }[];
      cb(null, ids.map(({ id }) => load(id)!));
    } catch (err) {
      cb(err as Error);
    }
  });
}

export function place(userId: number, items: { sku: string; qty: number }[], note: string | null, cb: Callback<Order>): void {
  setImmediate(() => {
    const db = getDb();
    try {
      const id = db.transaction(() => {
        const { lastInsertRowid } = db.prepare('INSERT INTO orders (user_id, status, note) VALUES (?, ?, ?)').run(userId, 'PENDING', note);
        const orderId = Number(lastInsertRowid);
        for (const item of items) {
          const product = db.prepare('SELECT price_cents AS price, stock FROM products WHERE sku = ?').get(item.sku) as
            | { price: number; stock: number }
            | undefined;
          if (!product) throw new HttpError(422, 'UNKNOWN_PRODUCT', `Product ${item.sku} does not exist`);
          if (product.stock < item.qty) throw conflict(`Not enough stock for ${item.sku}: ${product.stock} left`);
          db.prepare('UPDATE products SET stock = stock - ? WHERE sku = ?').run(item.qty, item.sku);
          db.prepare('INSERT INTO order_items (order_id, sku, qty, unit_price_cents) VALUES (?, ?, ?, ?)').run(
            orderId,
            item.sku,
            item.qty,
            product.price,
          );
        }
        return orderId;
      })();
      cb(null, load(id)!);
    } catch (err) {
      cb(err as Error);
    }
  });
}

export function setStatus(id: number, from: OrderStatus, to: OrderStatus, cb: Callback<Order>): void {
  setImmediate(() => {
    try {
      const db = getDb();
      const order = load(id);
      if (!order) return cb(notFound(`Order ${id}`));
      if (order.status !== from) return cb(conflict(`Order ${id} is ${order.status}, not ${from}`));
      db.transaction(() => {
        db.prepare('UPDATE orders SET status = ? WHERE id = ?').run(to, id);
        if (to === 'CANCELLED') {
          for (const item of order.items) db.prepare('UPDATE products SET stock = stock + ? WHERE sku = ?').run(item.qty, item.sku);
        }
      })();
      cb(null, load(id)!);
    } catch (err) {
      cb(err as Error);
    }
  });
}

export function receiptText(order: Order): string {
  const lines = [`Receipt for order #${order.id} (${order.status})`];
  for (const item of order.items) lines.push(`${item.qty} x ${item.sku} @ ${(item.unitPriceCents / 100).toFixed(2)}`);
  lines.push(`Total: ${(order.totalCents / 100).toFixed(2)}`);
  return `${lines.join('\n')}\n`;
}
