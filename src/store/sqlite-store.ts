import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { MIGRATIONS } from './migrations.js';
import { SavedConversations } from './saved-conversations.js';
import { StoreError, toStoreError } from './store-errors.js';
import type { AttemptClaim, ConversationRecord, DigestAttempt, FeedbackRecord, FeedbackReport, InstallationRecord, PostedAttempt, Store, Subscription } from './store.js';

/**
 * The default store: one SQLite file (better-sqlite3 12.x), WAL mode so several processes can share it.
 *
 * better-sqlite3 is synchronous: while SQLite waits for a lock, the whole event loop waits. So SQLite itself
 * waits at most `busyTimeoutMs` (10 ms), and a statement that finds the file locked is retried from a timer with
 * backoff until `lockWaitMs` (500 ms) has passed; then it fails with STORE_LOCKED and the caller answers the
 * user anyway. Uncontended statements take microseconds, so a worker thread would add a hop to every call
 * to save nothing. `synchronous = NORMAL` (the usual pairing with WAL) keeps commits off fsync: a commit
 * survives a crash of the process; an OS crash or power cut may lose the last ones.
 */
export interface SqliteStoreOptions {
  busyTimeoutMs?: number;
  lockWaitMs?: number;
  /** How long `SqliteStore.open` waits for another process's lock before giving up at start. */
  openWaitMs?: number;
}

export class SqliteStore implements Store {
  readonly db: Database.Database;
  private readonly lockWaitMs: number;
  /** Statements by their text, prepared on first use: preparing costs more than running most of them. */
  private readonly statements = new Map<string, Database.Statement>();
  private readonly savedConversations = new SavedConversations();

  /** Opens, checks and migrates at once; fails with a StoreError (STORE_LOCKED at once if locked). */
  constructor(
    readonly path: string,
    options: SqliteStoreOptions = {},
  ) {
    this.lockWaitMs = options.lockWaitMs ?? 500;
    let db: Database.Database | undefined;
    try {
      if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
      db = new Database(path);
      db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 10}`);
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.pragma('foreign_keys = ON');
      migrate(db, path);
      // A write transaction that changes nothing: read-only files and held locks show up now, not later.
      db.prepare('BEGIN IMMEDIATE').run();
      db.prepare('ROLLBACK').run();
    } catch (err) {
      db?.close();
      throw toStoreError(err, path);
    }
    this.db = db;
  }

  /** The constructor, retried while another process holds the lock (up to `openWaitMs`, 5 s). */
  static async open(path: string, options: SqliteStoreOptions = {}): Promise<SqliteStore> {
    const until = Date.now() + (options.openWaitMs ?? 5000);
    for (let delay = 20; ; delay = Math.min(delay * 2, 500)) {
      try {
        return new SqliteStore(path, options);
      } catch (err) {
        if (!(err instanceof StoreError) || err.code !== 'STORE_LOCKED' || Date.now() + delay > until) throw err;
        await sleep(delay);
      }
    }
  }

  private sql(text: string): Database.Statement {
    let statement = this.statements.get(text);
    if (!statement) {
      statement = this.db.prepare(text);
      this.statements.set(text, statement);
    }
    return statement;
  }

  /** Runs one statement or transaction; retries from a timer while the file is locked (see above). */
  private async run<T>(work: () => T): Promise<T> {
    const until = Date.now() + this.lockWaitMs;
    for (let delay = 5; ; delay = Math.min(delay * 2, 100)) {
      try {
        return work();
      } catch (err) {
        const e = toStoreError(err, this.path);
        if (e.code !== 'STORE_LOCKED' || Date.now() + delay > until) throw e;
        await sleep(delay);
      }
    }
  }

  markEventHandled(eventId: string, at: Date): Promise<boolean> {
    return this.run(() => this.sql('INSERT OR IGNORE INTO handled_events (event_id, handled_at) VALUES (?, ?)').run(eventId, at.getTime()).changes === 1);
  }

  pruneHandledEvents(before: Date): Promise<number> {
    return this.run(() => this.sql('DELETE FROM handled_events WHERE handled_at < ?').run(before.getTime()).changes);
  }

  recordFeedback(f: FeedbackRecord): Promise<void> {
    return this.run(() => {
      this.sql('INSERT INTO feedback (address, user, unit_id, query, helpful, at) VALUES (?, ?, ?, ?, ?, ?)')
        .run(f.address, f.user, f.unitId, f.query, f.helpful ? 1 : 0, f.at.getTime());
    });
  }

  feedbackFor(unitId: string): Promise<{ up: number; down: number }> {
    return this.run(() => {
      const row = this.sql('SELECT COALESCE(SUM(helpful), 0) AS up, COALESCE(SUM(1 - helpful), 0) AS down FROM feedback WHERE unit_id = ?')
        .get(unitId) as { up: number; down: number };
      return { up: row.up, down: row.down };
    });
  }

  feedbackReport(): Promise<FeedbackReport> {
    const votes = 'COALESCE(SUM(helpful), 0) AS up, COALESCE(SUM(1 - helpful), 0) AS down';
    return this.run(() => ({
      units: this.sql(`SELECT unit_id AS unitId, ${votes} FROM feedback GROUP BY unit_id ORDER BY COUNT(*) DESC, unit_id`).all() as FeedbackReport['units'],
      questions: this.sql(`SELECT query, unit_id AS unitId, ${votes} FROM feedback GROUP BY query, unit_id ORDER BY COUNT(*) DESC, query, unit_id`).all() as FeedbackReport['questions'],
    }));
  }

  saveConversation(c: ConversationRecord): Promise<void> {
    const reference = JSON.stringify(c.reference);
    if (this.savedConversations.unchanged(c.address, reference, c.locale, c.updatedAt)) return Promise.resolve();
    return this.run(() => {
      // An identical row is left as it is: updated_at says when the reference or locale last changed.
      this.sql(
        `INSERT INTO conversations (address, reference, locale, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT(address) DO UPDATE SET reference = excluded.reference, locale = COALESCE(excluded.locale, conversations.locale), updated_at = excluded.updated_at
         WHERE conversations.reference IS NOT excluded.reference OR conversations.locale IS NOT COALESCE(excluded.locale, conversations.locale)`,
      ).run(c.address, reference, c.locale ?? null, c.updatedAt.getTime());
      this.savedConversations.remember(c.address, reference, c.locale, c.updatedAt);
    });
  }

  getConversation(address: string): Promise<ConversationRecord | undefined> {
    return this.run(() => {
      const row = this.sql('SELECT address, reference, locale, updated_at FROM conversations WHERE address = ?').get(address) as
        | { address: string; reference: string; locale: string | null; updated_at: number }
        | undefined;
      return row ? { address: row.address, reference: JSON.parse(row.reference), locale: row.locale ?? undefined, updatedAt: new Date(row.updated_at) } : undefined;
    });
  }

  markWelcomed(address: string, at: Date): Promise<boolean> {
    return this.run(() => this.sql('INSERT OR IGNORE INTO welcomed_conversations (address, welcomed_at) VALUES (?, ?)').run(address, at.getTime()).changes === 1);
  }

  forgetWelcome(address: string): Promise<void> {
    return this.run(() => {
      this.sql('DELETE FROM welcomed_conversations WHERE address = ?').run(address);
    });
  }

  conversationLanguage(address: string): Promise<'zh' | 'en' | undefined> {
    return this.run(() => {
      const row = this.sql('SELECT lang FROM conversation_languages WHERE address = ?').get(address) as { lang: string } | undefined;
      return row?.lang === 'zh' || row?.lang === 'en' ? row.lang : undefined;
    });
  }

  setConversationLanguage(address: string, lang: 'zh' | 'en', at: Date): Promise<void> {
    return this.run(() => {
      this.sql(
        `INSERT INTO conversation_languages (address, lang, updated_at) VALUES (?, ?, ?)
         ON CONFLICT(address) DO UPDATE SET lang = excluded.lang, updated_at = excluded.updated_at`,
      ).run(address, lang, at.getTime());
    });
  }

  saveSubscription(s: Subscription): Promise<void> {
    return this.run(() => {
      this.sql(
        `INSERT INTO subscriptions (address, time, time_zone, topic, locale, rotation, position, enabled, disabled_reason, retry_at, attempts, created_at, updated_at)
         VALUES (@address, @time, @timeZone, @topic, @locale, @rotation, @position, @enabled, @disabledReason, @retryAt, @attempts, @createdAt, @updatedAt)
         ON CONFLICT(address) DO UPDATE SET time = excluded.time, time_zone = excluded.time_zone, topic = excluded.topic, locale = excluded.locale,
           rotation = excluded.rotation, position = excluded.position, enabled = excluded.enabled, disabled_reason = excluded.disabled_reason,
           retry_at = excluded.retry_at, attempts = excluded.attempts, created_at = excluded.created_at, updated_at = excluded.updated_at`,
      ).run({
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
    });
  }

  getSubscription(address: string): Promise<Subscription | undefined> {
    return this.run(() => {
      const row = this.sql('SELECT * FROM subscriptions WHERE address = ?').get(address) as SubscriptionRow | undefined;
      return row ? toSubscription(row) : undefined;
    });
  }

  listSubscriptions(): Promise<Subscription[]> {
    return this.run(() => (this.sql('SELECT * FROM subscriptions ORDER BY address').all() as SubscriptionRow[]).map(toSubscription));
  }

  deleteSubscription(address: string): Promise<boolean> {
    return this.run(() =>
      this.db
        .transaction(() => {
          this.sql('DELETE FROM digest_attempts WHERE address = ?').run(address);
          return this.sql('DELETE FROM subscriptions WHERE address = ?').run(address).changes === 1;
        })
        .immediate(),
    );
  }

  disableSubscription(address: string, reason: string, at: Date): Promise<void> {
    return this.run(() => {
      this.sql('UPDATE subscriptions SET enabled = 0, disabled_reason = ?, updated_at = ? WHERE address = ?').run(reason, at.getTime(), address);
    });
  }

  deferSubscription(address: string, retryAt: Date, attempts: number): Promise<void> {
    return this.run(() => {
      this.sql('UPDATE subscriptions SET retry_at = ?, attempts = ? WHERE address = ?').run(retryAt.getTime(), attempts, address);
    });
  }

  hasPosted(address: string, date: string): Promise<boolean> {
    return this.run(() => this.posted(address, date));
  }

  private posted(address: string, date: string): boolean {
    return this.sql('SELECT 1 FROM digest_posts WHERE address = ? AND local_date = ?').get(address, date) !== undefined;
  }

  beginDigestAttempts(fresh: readonly DigestAttempt[], ownerGone: (owner: string) => boolean): Promise<AttemptClaim[]> {
    // IMMEDIATE: take the write lock before reading, so two processes cannot both see "free".
    return this.run(() => this.db.transaction(() => fresh.map((f) => this.claim(f, ownerGone))).immediate());
  }

  private claim(fresh: DigestAttempt, ownerGone: (owner: string) => boolean): AttemptClaim {
    if (fresh.slot !== 'now' && this.posted(fresh.address, fresh.slot)) return { kind: 'done' };
    const row = this.sql('SELECT * FROM digest_attempts WHERE address = ? AND slot = ?').get(fresh.address, fresh.slot) as AttemptRow | undefined;
    if (!row) {
      this.sql('INSERT INTO digest_attempts (address, slot, id, unit_id, position, owner, started_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
        .run(fresh.address, fresh.slot, fresh.id, fresh.unitId, fresh.position, fresh.owner, fresh.startedAt.getTime(), fresh.expiresAt.getTime());
      return { kind: 'fresh', attempt: fresh };
    }
    // A live lease blocks, ours included: a second tick in this process must not send again either.
    if (row.expires_at > fresh.startedAt.getTime() && !ownerGone(row.owner)) return { kind: 'busy' };
    this.sql('UPDATE digest_attempts SET owner = ?, expires_at = ? WHERE address = ? AND slot = ?').run(fresh.owner, fresh.expiresAt.getTime(), fresh.address, fresh.slot);
    return { kind: 'recover', attempt: { ...toAttempt(row), owner: fresh.owner, expiresAt: fresh.expiresAt } };
  }

  finishDigestAttempts(posted: readonly PostedAttempt[], at: Date): Promise<boolean[]> {
    return this.run(() => this.db.transaction(() => posted.map(({ attempt, nextPosition }) => this.finish(attempt, nextPosition, at))).immediate());
  }

  private finish(attempt: DigestAttempt, nextPosition: number, at: Date): boolean {
    const gone = this.sql('DELETE FROM digest_attempts WHERE address = ? AND slot = ? AND id = ?').run(attempt.address, attempt.slot, attempt.id);
    if (gone.changes !== 1) return false;
    if (attempt.slot !== 'now') {
      this.sql('INSERT OR IGNORE INTO digest_posts (address, local_date, unit_id, posted_at) VALUES (?, ?, ?, ?)').run(attempt.address, attempt.slot, attempt.unitId, at.getTime());
    }
    this.sql(`UPDATE subscriptions SET position = ?, updated_at = ?${attempt.slot !== 'now' ? ', retry_at = NULL, attempts = 0' : ''} WHERE address = ?`).run(nextPosition, at.getTime(), attempt.address);
    return true;
  }

  abandonDigestAttempt(attempt: DigestAttempt): Promise<void> {
    return this.run(() => {
      this.sql('DELETE FROM digest_attempts WHERE address = ? AND slot = ? AND id = ? AND owner = ?').run(attempt.address, attempt.slot, attempt.id, attempt.owner);
    });
  }

  suspendDigestAttempt(attempt: DigestAttempt, now: Date): Promise<void> {
    return this.run(() => {
      this.sql('UPDATE digest_attempts SET expires_at = ? WHERE address = ? AND slot = ? AND id = ? AND owner = ?')
        .run(now.getTime(), attempt.address, attempt.slot, attempt.id, attempt.owner);
    });
  }

  saveInstallation(i: InstallationRecord): Promise<void> {
    return this.run(() => {
      this.sql('INSERT INTO installations (key, data, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at')
        .run(i.key, JSON.stringify(i.data), i.updatedAt.getTime());
    });
  }

  linkInstallation(memberKey: string, installationKey: string, at: Date): Promise<void> {
    return this.run(() => {
      this.sql(
        `INSERT INTO installation_members (member_key, installation_key, updated_at) VALUES (?, ?, ?)
         ON CONFLICT(member_key) DO UPDATE SET installation_key = excluded.installation_key, updated_at = excluded.updated_at`,
      ).run(memberKey, installationKey, at.getTime());
    });
  }

  findInstallation(key: string): Promise<InstallationRecord | undefined> {
    return this.run(() => {
      const row = this.sql(
        `SELECT key, data, updated_at FROM installations WHERE key = ?
         UNION ALL SELECT i.key, i.data, i.updated_at FROM installation_members m JOIN installations i ON i.key = m.installation_key WHERE m.member_key = ?
         LIMIT 1`,
      )
        .get(key, key) as { key: string; data: string; updated_at: number } | undefined;
      return row ? { key: row.key, data: JSON.parse(row.data), updatedAt: new Date(row.updated_at) } : undefined;
    });
  }

  removeInstallation(key: string, reason: string, at: Date): Promise<{ removed: boolean; disabled: number }> {
    return this.run(() =>
      this.db
        .transaction(() => {
          const members = (this.sql('SELECT member_key FROM installation_members WHERE installation_key = ?').all(key) as { member_key: string }[]).map((r) => r.member_key);
          let removed = this.sql('DELETE FROM installations WHERE key = ?').run(key).changes > 0;
          removed = this.sql('DELETE FROM installation_members WHERE member_key = ?').run(key).changes > 0 || removed;
          const disable = this.sql("UPDATE subscriptions SET enabled = 0, disabled_reason = ?, updated_at = ? WHERE enabled = 1 AND substr(address, 1, length(?) + 1) = ? || ':'");
          let disabled = 0;
          for (const prefix of [key, ...members]) disabled += disable.run(reason, at.getTime(), prefix, prefix).changes;
          return { removed, disabled };
        })
        .immediate(),
    );
  }

  async close(): Promise<void> {
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

interface AttemptRow {
  address: string;
  slot: string;
  id: string;
  unit_id: string;
  position: number;
  owner: string;
  started_at: number;
  expires_at: number;
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

function toAttempt(r: AttemptRow): DigestAttempt {
  return { address: r.address, slot: r.slot, id: r.id, unitId: r.unit_id, position: r.position, owner: r.owner, startedAt: new Date(r.started_at), expiresAt: new Date(r.expires_at) };
}

export function migrate(db: Database.Database, path = 'the database'): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > MIGRATIONS.length) {
    throw new StoreError('STORE_FAILED', `The database schema of ${path} is version ${current}, newer than this ssr-bot knows (${MIGRATIONS.length}). Upgrade ssr-bot or point DATABASE_PATH elsewhere.`);
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
