import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { BotError } from '../errors.js';
import { MIGRATIONS } from './migrations.js';
import type { ConversationRecord, FeedbackRecord, Store } from './store.js';

/** The default store: one SQLite file (better-sqlite3 12.x), WAL mode so several processes can share it. */
export class SqliteStore implements Store {
  readonly db: Database.Database;

  constructor(path: string) {
    try {
      if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
      this.db = new Database(path);
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('busy_timeout = 5000');
      this.db.pragma('foreign_keys = ON');
      migrate(this.db);
    } catch (err) {
      if (err instanceof BotError) throw err;
      throw new BotError('STORE_FAILED', `Cannot open the database at ${path}: ${(err as Error).message}. Check DATABASE_PATH and that its folder is writable.`, { cause: err });
    }
  }

  markEventHandled(eventId: string, at: Date): boolean {
    const r = this.db.prepare('INSERT OR IGNORE INTO handled_events (event_id, handled_at) VALUES (?, ?)').run(eventId, at.getTime());
    return r.changes === 1;
  }

  pruneHandledEvents(before: Date): number {
    return this.db.prepare('DELETE FROM handled_events WHERE handled_at < ?').run(before.getTime()).changes;
  }

  recordFeedback(f: FeedbackRecord): void {
    this.db
      .prepare('INSERT INTO feedback (address, user, unit_id, query, helpful, at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(f.address, f.user, f.unitId, f.query, f.helpful ? 1 : 0, f.at.getTime());
  }

  feedbackFor(unitId: string): { up: number; down: number } {
    const row = this.db
      .prepare('SELECT COALESCE(SUM(helpful), 0) AS up, COALESCE(SUM(1 - helpful), 0) AS down FROM feedback WHERE unit_id = ?')
      .get(unitId) as { up: number; down: number };
    return { up: row.up, down: row.down };
  }

  saveConversation(c: ConversationRecord): void {
    this.db
      .prepare(
        `INSERT INTO conversations (address, reference, updated_at) VALUES (?, ?, ?)
         ON CONFLICT(address) DO UPDATE SET reference = excluded.reference, updated_at = excluded.updated_at`,
      )
      .run(c.address, JSON.stringify(c.reference), c.updatedAt.getTime());
  }

  getConversation(address: string): ConversationRecord | undefined {
    const row = this.db.prepare('SELECT address, reference, updated_at FROM conversations WHERE address = ?').get(address) as
      | { address: string; reference: string; updated_at: number }
      | undefined;
    return row ? { address: row.address, reference: JSON.parse(row.reference), updatedAt: new Date(row.updated_at) } : undefined;
  }

  close(): void {
    this.db.close();
  }
}

export function migrate(db: Database.Database): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > MIGRATIONS.length) {
    throw new BotError('STORE_FAILED', `The database schema is version ${current}, newer than this ssr-bot knows (${MIGRATIONS.length}). Upgrade ssr-bot or point DATABASE_PATH elsewhere.`);
  }
  for (let v = current; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v]);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}
