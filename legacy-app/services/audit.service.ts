import { getDb } from '../db';

export interface AuditEntry {
  id: number;
  actorId: number | null;
  action: string;
  target: string;
}

export function record(actorId: number | null, action: string, target: string): void {
  getDb().prepare('INSERT INTO audit_log (actor_id, action, target) VALUES (?, ?, ?)').run(actorId, action, target);
}

export function latest(limit: number): AuditEntry[] {
  return getDb()
    .prepare('SELECT id, actor_id AS actorId, action, target FROM audit_log ORDER BY id DESC LIMIT ?')
    .all(limit) as AuditEntry[];
}
