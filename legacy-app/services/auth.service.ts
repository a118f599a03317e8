/** Who is calling: bearer tokens, session cookies and password logins, all looked up in the DB. */
import { randomBytes } from 'node:crypto';
import { getDb } from '../db';
import { hashPassword } from '../seed';

export type Role = 'USER' | 'ADMIN';

export interface AuthUser {
  id: number;
  username: string;
  name: string;
  role: Role;
}

const USER_COLUMNS = 'u.id AS id, u.username AS username, u.name AS name, u.role AS role';

/** The user a bearer token belongs to, or undefined. Synchronous: it runs on every request. */
export function findUserByToken(token: string): AuthUser | undefined {
  if (!token) return undefined;
  return getDb()
    .prepare(`SELECT ${USER_COLUMNS} FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token = ?`)
    .get(token) as AuthUser | undefined;
}

/** Parses an `Authorization: Bearer <token>` header value; undefined when it is not one. */
export function bearerToken(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1] : undefined;
}

export function findUserBySession(sid: string | undefined): AuthUser | undefined {
  if (!sid) return undefined;
  return getDb()
    .prepare(`SELECT ${USER_COLUMNS} FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.sid = ?`)
    .get(sid) as AuthUser | undefined;
}

export function checkPassword(username: string, password: string): AuthUser | undefined {
  const row = getDb()
    .prepare(`SELECT ${USER_COLUMNS}, u.password_hash AS hash FROM users u WHERE u.username = ?`)
    .get(username) as (AuthUser & { hash: string }) | undefined;
  if (!row || row.hash !== hashPassword(password)) return undefined;
  const { hash: _hash, ...user } = row;
  return user;
}

export function createSession(userId: number): string {
  const sid = `sess_${randomBytes(12).toString('hex')}`;
  getDb().prepare('INSERT INTO sessions (sid, user_id) VALUES (?, ?)').run(sid, userId);
  return sid;
}

export function deleteSession(sid: string): boolean {
  return getDb().prepare('DELETE FROM sessions WHERE sid = ?').run(sid).changes > 0;
}

export function createApiToken(userId: number, label: string): string {
  const token = `tok_${randomBytes(16).toString('hex')}`;
  getDb().prepare('INSERT INTO api_tokens (token, user_id, label) VALUES (?, ?, ?)').run(token, userId, label);
  return token;
}
