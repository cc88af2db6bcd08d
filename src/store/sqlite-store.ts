import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { BotError } from '../errors.js';
import { MIGRATIONS } from './migrations.js';
import type { ConversationRecord, FeedbackRecord, FeedbackReport, Store, Subscription } from './store.js';

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

  feedbackReport(): FeedbackReport {
    const votes = 'COALESCE(SUM(helpful), 0) AS up, COALESCE(SUM(1 - helpful), 0) AS down';
    return {
      units: this.db.prepare(`SELECT unit_id AS unitId, ${votes} FROM feedback GROUP BY unit_id ORDER BY COUNT(*) DESC, unit_id`).all() as FeedbackReport['units'],
      questions: this.db.prepare(`SELECT query, unit_id AS unitId, ${votes} FROM feedback GROUP BY query, unit_id ORDER BY COUNT(*) DESC, query, unit_id`).all() as FeedbackReport['questions'],
    };
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

  saveSubscription(s: Subscription): void {
    this.db
      .prepare(
        `INSERT INTO subscriptions (address, time, time_zone, topic, locale, rotation, position, enabled, disabled_reason, retry_at, attempts, created_at, updated_at)
         VALUES (@address, @time, @timeZone, @topic, @locale, @rotation, @position, @enabled, @disabledReason, @retryAt, @attempts, @createdAt, @updatedAt)
         ON CONFLICT(address) DO UPDATE SET time = excluded.time, time_zone = excluded.time_zone, topic = excluded.topic, locale = excluded.locale,
           rotation = excluded.rotation, position = excluded.position, enabled = excluded.enabled, disabled_reason = excluded.disabled_reason,
           retry_at = excluded.retry_at, attempts = excluded.attempts, created_at = excluded.created_at, updated_at = excluded.updated_at`,
      )
      .run({
        address: s.address,
        time: s.time,
        timeZone: s.timeZone,
        topic: s.topic ?? null,
        locale: s.locale,
        rotation: JSON.stringify(s.rotation),
        position: s.position,
        enabled: s.enabled ? 1 : 0,
        disabledReason: s.disabledReason ?? null,
        retryAt: s.retryAt ? s.retryAt.getTime() : null,
        attempts: s.attempts,
        createdAt: s.createdAt.getTime(),
        updatedAt: s.updatedAt.getTime(),
      });
  }

  getSubscription(address: string): Subscription | undefined {
    const row = this.db.prepare('SELECT * FROM subscriptions WHERE address = ?').get(address) as SubscriptionRow | undefined;
    return row ? toSubscription(row) : undefined;
  }

  listSubscriptions(): Subscription[] {
    return (this.db.prepare('SELECT * FROM subscriptions ORDER BY address').all() as SubscriptionRow[]).map(toSubscription);
  }

  deleteSubscription(address: string): boolean {
    return this.db.prepare('DELETE FROM subscriptions WHERE address = ?').run(address).changes === 1;
  }

  disableSubscription(address: string, reason: string, at: Date): void {
    this.db.prepare('UPDATE subscriptions SET enabled = 0, disabled_reason = ?, updated_at = ? WHERE address = ?').run(reason, at.getTime(), address);
  }

  deferSubscription(address: string, retryAt: Date, attempts: number): void {
    this.db.prepare('UPDATE subscriptions SET retry_at = ?, attempts = ? WHERE address = ?').run(retryAt.getTime(), attempts, address);
  }

  setPosition(address: string, position: number, at: Date): void {
    this.db.prepare('UPDATE subscriptions SET position = ?, updated_at = ? WHERE address = ?').run(position, at.getTime(), address);
  }

  hasPosted(address: string, date: string): boolean {
    return this.db.prepare('SELECT 1 FROM digest_posts WHERE address = ? AND local_date = ?').get(address, date) !== undefined;
  }

  claimDigest(address: string, date: string, owner: string, now: Date, leaseMs: number): boolean {
    // IMMEDIATE: take the write lock before reading, so two processes cannot both see "free".
    return this.db
      .transaction(() => {
        if (this.hasPosted(address, date)) return false;
        const claim = this.db.prepare('SELECT owner, expires_at FROM digest_claims WHERE address = ? AND local_date = ?').get(address, date) as
          | { owner: string; expires_at: number }
          | undefined;
        // Any live claim blocks, ours included: a second tick in this process must not send again either.
        if (claim && claim.expires_at > now.getTime()) return false;
        this.db
          .prepare(
            `INSERT INTO digest_claims (address, local_date, owner, expires_at) VALUES (?, ?, ?, ?)
             ON CONFLICT(address, local_date) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at`,
          )
          .run(address, date, owner, now.getTime() + leaseMs);
        return true;
      })
      .immediate();
  }

  releaseClaim(address: string, date: string, owner: string): void {
    this.db.prepare('DELETE FROM digest_claims WHERE address = ? AND local_date = ? AND owner = ?').run(address, date, owner);
  }

  recordDigestPost(address: string, date: string, unitId: string, position: number, owner: string, at: Date): boolean {
    return this.db
      .transaction(() => {
        const inserted = this.db.prepare('INSERT OR IGNORE INTO digest_posts (address, local_date, unit_id, posted_at) VALUES (?, ?, ?, ?)').run(address, date, unitId, at.getTime());
        if (inserted.changes !== 1) return false;
        this.db.prepare('UPDATE subscriptions SET position = ?, retry_at = NULL, attempts = 0, updated_at = ? WHERE address = ?').run(position, at.getTime(), address);
        this.db.prepare('DELETE FROM digest_claims WHERE address = ? AND local_date = ? AND owner = ?').run(address, date, owner);
        return true;
      })
      .immediate();
  }

  close(): void {
    this.db.close();
  }
}

interface SubscriptionRow {
  address: string;
  time: string;
  time_zone: string;
  topic: string | null;
  locale: string;
  rotation: string;
  position: number;
  enabled: number;
  disabled_reason: string | null;
  retry_at: number | null;
  attempts: number;
  created_at: number;
  updated_at: number;
}

function toSubscription(r: SubscriptionRow): Subscription {
  return {
    address: r.address,
    time: r.time,
    timeZone: r.time_zone,
    topic: r.topic ?? undefined,
    locale: r.locale === 'en' ? 'en' : 'zh',
    rotation: JSON.parse(r.rotation) as string[],
    position: r.position,
    enabled: r.enabled === 1,
    disabledReason: r.disabled_reason ?? undefined,
    retryAt: r.retry_at === null ? undefined : new Date(r.retry_at),
    attempts: r.attempts,
    createdAt: new Date(r.created_at),
    updatedAt: new Date(r.updated_at),
  };
}

export function migrate(db: Database.Database): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > MIGRATIONS.length) {
    throw new BotError('STORE_FAILED', `The database schema is version ${current}, newer than this ssr-bot knows (${MIGRATIONS.length}). Upgrade ssr-bot or point DATABASE_PATH elsewhere.`);
  }
  for (let v = current; v < MIGRATIONS.length; v++) {
    // IMMEDIATE, and re-read the version inside: two processes starting together migrate once.
    db.transaction(() => {
      if ((db.pragma('user_version', { simple: true }) as number) !== v) return;
      db.exec(MIGRATIONS[v]);
      db.pragma(`user_version = ${v + 1}`);
    }).immediate();
  }
}
