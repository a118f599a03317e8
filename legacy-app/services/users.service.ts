/** The users model. Promise-based (the team's newer style), though SQLite answers synchronously. */
import { getDb } from '../db';
import { conflict } from '../errors';
import { hashPassword } from '../seed';
import type { AuthUser, Role } from './auth.service';

export interface UserRecord {
  id: number;
  username: string;
  name: string;
  email: string;
  role: Role;
  theme: string;
  language: string;
}

export type PublicUser = Pick<UserRecord, 'id' | 'username' | 'name' | 'role'> & { email?: string };

const COLUMNS = 'id, username, name, email, role, theme, language';

export async function findById(id: number): Promise<UserRecord | undefined> {
  return getDb().prepare(`SELECT ${COLUMNS} FROM users WHERE id = ?`).get(id) as UserRecord | undefined;
}

export function findByIdSync(id: number): UserRecord | undefined {
  return getDb().prepare(`SELECT ${COLUMNS} FROM users WHERE id = ?`).get(id) as UserRecord | undefined;
}

export async function list(limit: number, offset: number): Promise<{ total: number; users: UserRecord[] }> {
  const db = getDb();
  const { total } = db.prepare('SELECT COUNT(*) AS total FROM users').get() as { total: number };
  const users = db.prepare(`SELECT ${COLUMNS} FROM users ORDER BY id LIMIT ? OFFSET ?`).all(limit, offset) as UserRecord[];
  return { total, users };
}

/** What a viewer may see of a user: email only for themselves and admins. */
export function toPublicUser(user: UserRecord, viewer: AuthUser): PublicUser {
  const out: PublicUser = { id: user.id, username: user.username, name: user.name, role: user.role };
  if (viewer.role === 'ADMIN' || viewer.id === user.id) out.email = user.email;
  return out;
}

export async function create(input: { username: string; name: string; email: string; role: Role; password: string }): Promise<UserRecord> {
  const db = getDb();
  const taken = db.prepare('SELECT 1 FROM users WHERE username = ? OR email = ?').get(input.username, input.email);
  if (taken) throw conflict('A user with this username or email already exists');
  const { lastInsertRowid } = db
    .prepare('INSERT INTO users (username, name, email, role, password_hash) VALUES (?, ?, ?, ?, ?)')
    .run(input.username, input.name, input.email, input.role, hashPassword(input.password));
  return (await findById(Number(lastInsertRowid)))!;
}

export async function update(id: number, changes: { name?: string; email?: string }): Promise<UserRecord | undefined> {
  const db = getDb();
  if (changes.email !== undefined) {
    const taken = db.prepare('SELECT 1 FROM users WHERE email = ? AND id <> ?').get(changes.email, id);
    if (taken) throw conflict('This email is already in use');
  }
  if (changes.name !== undefined) db.prepare('UPDATE users SET name = ? WHERE id = ?').run(changes.name, id);
  if (changes.email !== undefined) db.prepare('UPDATE users SET email = ? WHERE id = ?').run(changes.email, id);
  return findById(id);
}

export async function remove(id: number): Promise<boolean> {
  return getDb().prepare('DELETE FROM users WHERE id = ?').run(id).changes > 0;
}

export const THEMES = ['light', 'dark', 'system'] as const;
export const LANGUAGES = ['en', 'fr', 'de', 'es'] as const;

export function setPreferences(id: number, prefs: { theme?: string; language?: string }): UserRecord | undefined {
  const db = getDb();
  if (prefs.theme !== undefined) db.prepare('UPDATE users SET theme = ? WHERE id = ?').run(prefs.theme, id);
  if (prefs.language !== undefined) db.prepare('UPDATE users SET language = ? WHERE id = ?').run(prefs.language, id);
  return findByIdSync(id);
}
