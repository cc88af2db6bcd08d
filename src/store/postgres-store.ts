import pg from 'pg';
import { PG_MIGRATIONS } from './postgres-migrations.js';
import { redactUrl, toPgStoreError } from './postgres-errors.js';
import { SavedConversations } from './saved-conversations.js';
import { StoreError } from './store-errors.js';
import type { AttemptClaim, ConversationRecord, DigestAttempt, FeedbackRecord, FeedbackReport, InstallationRecord, PostedAttempt, Store, Subscription } from './store.js';

/**
 * The store on PostgreSQL (driver pg 8), for any number of replicas sharing one database.
 *
 * Digests: a day is claimed by inserting its row in digest_days (unique on subscription and local day, see
 * postgres-migrations.ts), several in one statement; only one replica's INSERT … ON CONFLICT DO NOTHING succeeds. An unfinished row whose
 * lease ran out (or whose owner is known to be gone) is taken over inside a transaction with
 * SELECT … FOR UPDATE SKIP LOCKED, so two replicas never take over the same one and neither waits for the other.
 * Statements end after `statementTimeoutMs` on the server, so a stuck database fails a call instead of holding it.
 */
export interface PostgresStoreOptions {
  /** Connections in the pool (default 10): the scheduler uses up to 8 at once, requests the rest. */
  maxConnections?: number;
  /** Server-side statement_timeout (default 10 s). */
  statementTimeoutMs?: number;
  /** How long to wait for a connection (default 5 s). */
  connectTimeoutMs?: number;
  /** Errors of idle connections (the server restarted or failed over): pg reports them to no caller. */
  log?: (message: string, extra: Record<string, unknown>) => void;
}

/** Claims migrations among replicas starting together (an arbitrary constant shared by all of them). */
const MIGRATION_LOCK = 5_716_031;

export class PostgresStore implements Store {
  private readonly savedConversations = new SavedConversations();

  private constructor(
    readonly pool: pg.Pool,
    /** The server, without password, for messages. */
    readonly where: string,
  ) {}

  /** Connects, migrates and checks at once; fails with a StoreError that names DATABASE_URL. */
  static async open(url: string, options: PostgresStoreOptions = {}): Promise<PostgresStore> {
    const where = redactUrl(url);
    const pool = new pg.Pool({
      connectionString: url,
      max: options.maxConnections ?? 10,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
      statement_timeout: options.statementTimeoutMs ?? 10_000,
      application_name: 'ssr-bot',
    });
    pool.on('error', (err) => options.log?.('idle database connection lost; the pool opens a new one', { error: toPgStoreError(err, where).message }));
    const store = new PostgresStore(pool, where);
    try {
      await store.migrate();
    } catch (err) {
      await pool.end().catch(() => undefined); // the start-up error below is the one to report
      throw toPgStoreError(err, where);
    }
    return store;
  }

  private async migrate(): Promise<void> {
    await this.tx(async (c) => {
      await c.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      await c.query('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())');
      const { rows } = await c.query<{ v: number }>('SELECT COALESCE(max(version), 0)::int AS v FROM schema_migrations');
      const current = rows[0].v;
      if (current > PG_MIGRATIONS.length) {
        throw new StoreError('STORE_FAILED', `The database schema at ${this.where} is version ${current}, newer than this ssr-bot knows (${PG_MIGRATIONS.length}). Upgrade ssr-bot or point DATABASE_URL elsewhere.`);
      }
      for (let v = current; v < PG_MIGRATIONS.length; v++) {
        await c.query(PG_MIGRATIONS[v]);
        await c.query('INSERT INTO schema_migrations (version) VALUES ($1)', [v + 1]);
      }
    });
  }

  /**
   * One statement. Deliberately not a named prepared statement: a plan cached while a table was empty (a
   * sequential scan) stays in use as it grows, and a pass over 10,000 digests went quadratic (8 s against 3 s).
   */
  private async q<R extends pg.QueryResultRow>(text: string, values: unknown[]): Promise<pg.QueryResult<R>> {
    try {
      return await this.pool.query<R>(text, values);
    } catch (err) {
      throw toPgStoreError(err, this.where);
    }
  }

  /** One transaction on one connection; a connection whose ROLLBACK failed is closed, not reused. */
  private async tx<T>(work: (c: pg.PoolClient) => Promise<T>): Promise<T> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (err) {
      throw toPgStoreError(err, this.where);
    }
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch((e: Error) => (broken = e));
      throw toPgStoreError(err, this.where);
    } finally {
      client.release(broken);
    }
  }

  async markEventHandled(eventId: string, at: Date): Promise<boolean> {
    return (await this.q('INSERT INTO handled_events (event_id, handled_at) VALUES ($1, $2) ON CONFLICT DO NOTHING', [eventId, at])).rowCount === 1;
  }

  async pruneHandledEvents(before: Date): Promise<number> {
    return (await this.q('DELETE FROM handled_events WHERE handled_at < $1', [before])).rowCount ?? 0;
  }

  async recordFeedback(f: FeedbackRecord): Promise<void> {
    await this.q('INSERT INTO feedback (address, user_id, unit_id, query, helpful, at) VALUES ($1, $2, $3, $4, $5, $6)', [f.address, f.user, f.unitId, f.query, f.helpful, f.at]);
  }

  async feedbackFor(unitId: string): Promise<{ up: number; down: number }> {
    const { rows } = await this.q<{ up: number; down: number }>('SELECT count(*) FILTER (WHERE helpful)::int AS up, count(*) FILTER (WHERE NOT helpful)::int AS down FROM feedback WHERE unit_id = $1', [unitId]);
    return { up: rows[0].up, down: rows[0].down };
  }

  async feedbackReport(): Promise<FeedbackReport> {
    const votes = 'count(*) FILTER (WHERE helpful)::int AS up, count(*) FILTER (WHERE NOT helpful)::int AS down';
    const [units, questions] = await Promise.all([
      this.q<FeedbackReport['units'][number]>(`SELECT unit_id AS "unitId", ${votes} FROM feedback GROUP BY unit_id ORDER BY count(*) DESC, unit_id`, []),
      this.q<FeedbackReport['questions'][number]>(`SELECT query, unit_id AS "unitId", ${votes} FROM feedback GROUP BY query, unit_id ORDER BY count(*) DESC, query, unit_id`, []),
    ]);
    return { units: units.rows, questions: questions.rows };
  }

  async saveConversation(c: ConversationRecord): Promise<void> {
    const reference = JSON.stringify(c.reference);
    if (this.savedConversations.unchanged(c.address, reference, c.locale, c.updatedAt)) return;
    // An identical row is left as it is (no new row version): updated_at says when the reference or locale last changed.
    await this.q(
      `INSERT INTO conversations (address, reference, locale, updated_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (address) DO UPDATE SET reference = excluded.reference, locale = COALESCE(excluded.locale, conversations.locale), updated_at = excluded.updated_at
       WHERE conversations.reference IS DISTINCT FROM excluded.reference OR conversations.locale IS DISTINCT FROM COALESCE(excluded.locale, conversations.locale)`,
      [c.address, reference, c.locale ?? null, c.updatedAt],
    );
    this.savedConversations.remember(c.address, reference, c.locale, c.updatedAt);
  }

  async getConversation(address: string): Promise<ConversationRecord | undefined> {
    const { rows } = await this.q<{ address: string; reference: unknown; locale: string | null; updated_at: Date }>('SELECT address, reference, locale, updated_at FROM conversations WHERE address = $1', [address]);
    const row = rows[0];
    return row ? { address: row.address, reference: row.reference, locale: row.locale ?? undefined, updatedAt: row.updated_at } : undefined;
  }

  async markWelcomed(address: string, at: Date): Promise<boolean> {
    return (await this.q('INSERT INTO welcomed_conversations (address, welcomed_at) VALUES ($1, $2) ON CONFLICT DO NOTHING', [address, at])).rowCount === 1;
  }

  async forgetWelcome(address: string): Promise<void> {
    await this.q('DELETE FROM welcomed_conversations WHERE address = $1', [address]);
  }

  async conversationLanguage(address: string): Promise<'zh' | 'en' | undefined> {
    const lang = (await this.q<{ lang: string }>('SELECT lang FROM conversation_languages WHERE address = $1', [address])).rows[0]?.lang;
    return lang === 'zh' || lang === 'en' ? lang : undefined;
  }

  async setConversationLanguage(address: string, lang: 'zh' | 'en', at: Date): Promise<void> {
    await this.q(
      `INSERT INTO conversation_languages (address, lang, updated_at) VALUES ($1, $2, $3)
       ON CONFLICT (address) DO UPDATE SET lang = excluded.lang, updated_at = excluded.updated_at`,
      [address, lang, at],
    );
  }

  async saveSubscription(s: Subscription): Promise<void> {
    await this.q(
      `INSERT INTO subscriptions (address, time, time_zone, topic, locale, rotation, position, enabled, disabled_reason, retry_at, attempts, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
       ON CONFLICT (address) DO UPDATE SET time = excluded.time, time_zone = excluded.time_zone, topic = excluded.topic, locale = excluded.locale,
         rotation = excluded.rotation, position = excluded.position, enabled = excluded.enabled, disabled_reason = excluded.disabled_reason,
         retry_at = excluded.retry_at, attempts = excluded.attempts, created_at = excluded.created_at, updated_at = excluded.updated_at`,
      [s.address, s.time, s.timeZone, s.topic ?? null, s.locale, JSON.stringify(s.rotation), s.position, s.enabled, s.disabledReason ?? null, s.retryAt ?? null, s.attempts, s.createdAt, s.updatedAt],
    );
  }

  async getSubscription(address: string): Promise<Subscription | undefined> {
    const { rows } = await this.q<SubscriptionRow>('SELECT * FROM subscriptions WHERE address = $1', [address]);
    return rows[0] ? toSubscription(rows[0]) : undefined;
  }

  async listSubscriptions(): Promise<Subscription[]> {
    return (await this.q<SubscriptionRow>('SELECT * FROM subscriptions ORDER BY address', [])).rows.map(toSubscription);
  }

  async deleteSubscription(address: string): Promise<boolean> {
    const r = await this.q('WITH attempts AS (DELETE FROM digest_days WHERE address = $1 AND posted_at IS NULL) DELETE FROM subscriptions WHERE address = $1', [address]);
    return r.rowCount === 1;
  }

  async disableSubscription(address: string, reason: string, at: Date): Promise<void> {
    await this.q('UPDATE subscriptions SET enabled = FALSE, disabled_reason = $2, updated_at = $3 WHERE address = $1', [address, reason, at]);
  }

  async deferSubscription(address: string, retryAt: Date, attempts: number): Promise<void> {
    await this.q('UPDATE subscriptions SET retry_at = $2, attempts = $3 WHERE address = $1', [address, retryAt, attempts]);
  }

  async hasPosted(address: string, date: string): Promise<boolean> {
    return (await this.q('SELECT 1 FROM digest_days WHERE address = $1 AND slot = $2 AND posted_at IS NOT NULL', [address, date])).rowCount === 1;
  }

  async beginDigestAttempts(fresh: readonly DigestAttempt[], ownerGone: (owner: string) => boolean): Promise<AttemptClaim[]> {
    if (fresh.length === 0) return [];
    // One statement for the usual answers: inserted (fresh), or the row as it was (posted: done; leased: busy).
    // A row inserted by a transaction still in progress is not in this statement's snapshot: busy as well.
    const { rows } = await this.q<{ inserted: boolean; posted: boolean; expires_at: Date | null; owner: string | null }>(
      `WITH input AS (
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[], $6::text[], $7::timestamptz[], $8::timestamptz[])
           WITH ORDINALITY AS t(address, slot, attempt_id, unit_id, position, owner, started_at, expires_at, n)),
       ins AS (
         INSERT INTO digest_days (address, slot, attempt_id, unit_id, position, owner, started_at, expires_at)
         SELECT address, slot, attempt_id, unit_id, position, owner, started_at, expires_at FROM input
         ON CONFLICT (address, slot) DO NOTHING RETURNING address, slot)
       SELECT ins.address IS NOT NULL AS inserted, d.posted_at IS NOT NULL AS posted, d.expires_at, d.owner
       FROM input i LEFT JOIN ins ON ins.address = i.address AND ins.slot = i.slot
         LEFT JOIN digest_days d ON d.address = i.address AND d.slot = i.slot
       ORDER BY i.n`,
      [
        fresh.map((f) => f.address),
        fresh.map((f) => f.slot),
        fresh.map((f) => f.id),
        fresh.map((f) => f.unitId),
        fresh.map((f) => f.position),
        fresh.map((f) => f.owner),
        fresh.map((f) => f.startedAt),
        fresh.map((f) => f.expiresAt),
      ],
    );
    const claims: AttemptClaim[] = [];
    for (const [i, seen] of rows.entries()) {
      const f = fresh[i];
      if (seen.inserted) claims.push({ kind: 'fresh', attempt: f });
      else if (seen.posted) claims.push({ kind: 'done' });
      else if (!seen.owner || (seen.expires_at! > f.startedAt && !ownerGone(seen.owner))) claims.push({ kind: 'busy' });
      else claims.push(await this.takeOver(f, ownerGone));
    }
    return claims;
  }

  /** An unfinished attempt that looked stale: taken over under its row lock, unless someone else is at it. */
  private takeOver(fresh: DigestAttempt, ownerGone: (owner: string) => boolean): Promise<AttemptClaim> {
    return this.tx(async (c): Promise<AttemptClaim> => {
      // SKIP LOCKED: a row another replica is taking over or finishing right now is theirs.
      const { rows } = await c.query<DayRow>('SELECT * FROM digest_days WHERE address = $1 AND slot = $2 FOR UPDATE SKIP LOCKED', [fresh.address, fresh.slot]);
      const row = rows[0];
      if (!row) return { kind: 'busy' };
      if (row.posted_at) return { kind: 'done' };
      // A live lease blocks, ours included: a second tick in this process must not send again either.
      if (row.expires_at > fresh.startedAt && !ownerGone(row.owner)) return { kind: 'busy' };
      await c.query('UPDATE digest_days SET owner = $3, expires_at = $4 WHERE address = $1 AND slot = $2', [fresh.address, fresh.slot, fresh.owner, fresh.expiresAt]);
      return { kind: 'recover', attempt: { ...toAttempt(row), owner: fresh.owner, expiresAt: fresh.expiresAt } };
    });
  }

  async finishDigestAttempts(posted: readonly PostedAttempt[], at: Date): Promise<boolean[]> {
    if (posted.length === 0) return [];
    // A day stays as the record of its post; "now" is removed, so the next digest now starts afresh.
    const { rows } = await this.q<{ finished: boolean }>(
      `WITH input AS (
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::int[]) WITH ORDINALITY AS t(address, slot, attempt_id, next_position, n)),
       days AS (
         UPDATE digest_days d SET posted_at = $5 FROM input i
         WHERE i.slot <> 'now' AND d.address = i.address AND d.slot = i.slot AND d.attempt_id = i.attempt_id AND d.posted_at IS NULL
         RETURNING d.address, d.slot),
       nows AS (
         DELETE FROM digest_days d USING input i
         WHERE i.slot = 'now' AND d.address = i.address AND d.slot = i.slot AND d.attempt_id = i.attempt_id AND d.posted_at IS NULL
         RETURNING d.address, d.slot),
       done AS (SELECT * FROM days UNION ALL SELECT * FROM nows),
       moved AS (
         UPDATE subscriptions s SET position = i.next_position, updated_at = $5,
           retry_at = CASE WHEN i.slot = 'now' THEN s.retry_at END, attempts = CASE WHEN i.slot = 'now' THEN s.attempts ELSE 0 END
         FROM input i JOIN done USING (address, slot) WHERE s.address = i.address)
       SELECT done.address IS NOT NULL AS finished FROM input i LEFT JOIN done USING (address, slot) ORDER BY i.n`,
      [posted.map((p) => p.attempt.address), posted.map((p) => p.attempt.slot), posted.map((p) => p.attempt.id), posted.map((p) => p.nextPosition), at],
    );
    return rows.map((r) => r.finished);
  }

  async abandonDigestAttempt(attempt: DigestAttempt): Promise<void> {
    await this.q('DELETE FROM digest_days WHERE address = $1 AND slot = $2 AND attempt_id = $3 AND owner = $4 AND posted_at IS NULL', [attempt.address, attempt.slot, attempt.id, attempt.owner]);
  }

  async suspendDigestAttempt(attempt: DigestAttempt, now: Date): Promise<void> {
    await this.q('UPDATE digest_days SET expires_at = $5 WHERE address = $1 AND slot = $2 AND attempt_id = $3 AND owner = $4 AND posted_at IS NULL', [attempt.address, attempt.slot, attempt.id, attempt.owner, now]);
  }

  async saveInstallation(i: InstallationRecord): Promise<void> {
    await this.q('INSERT INTO installations (key, data, updated_at) VALUES ($1, $2, $3) ON CONFLICT (key) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at', [
      i.key,
      JSON.stringify(i.data),
      i.updatedAt,
    ]);
  }

  async linkInstallation(memberKey: string, installationKey: string, at: Date): Promise<void> {
    await this.q(
      `INSERT INTO installation_members (member_key, installation_key, updated_at) VALUES ($1, $2, $3)
       ON CONFLICT (member_key) DO UPDATE SET installation_key = excluded.installation_key, updated_at = excluded.updated_at`,
      [memberKey, installationKey, at],
    );
  }

  async findInstallation(key: string): Promise<InstallationRecord | undefined> {
    const { rows } = await this.q<{ key: string; data: unknown; updated_at: Date }>(
      `SELECT key, data, updated_at FROM (
         SELECT 0 AS rank, key, data, updated_at FROM installations WHERE key = $1
         UNION ALL
         SELECT 1, i.key, i.data, i.updated_at FROM installation_members m JOIN installations i ON i.key = m.installation_key WHERE m.member_key = $1
       ) found ORDER BY rank LIMIT 1`,
      [key],
    );
    return rows[0] ? { key: rows[0].key, data: rows[0].data, updatedAt: rows[0].updated_at } : undefined;
  }

  async removeInstallation(key: string, reason: string, at: Date): Promise<{ removed: boolean; disabled: number }> {
    return this.tx(async (c) => {
      const members = (await c.query<{ member_key: string }>('SELECT member_key FROM installation_members WHERE installation_key = $1', [key])).rows.map((r) => r.member_key);
      const installations = (await c.query('DELETE FROM installations WHERE key = $1', [key])).rowCount ?? 0;
      const links = (await c.query('DELETE FROM installation_members WHERE member_key = $1', [key])).rowCount ?? 0;
      const disabled = await c.query(
        `UPDATE subscriptions SET enabled = FALSE, disabled_reason = $1, updated_at = $2
         WHERE enabled AND EXISTS (SELECT 1 FROM unnest($3::text[]) AS p(prefix) WHERE left(address, length(prefix) + 1) = prefix || ':')`,
        [reason, at, [key, ...members]],
      );
      return { removed: installations + links > 0, disabled: disabled.rowCount ?? 0 };
    });
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

interface SubscriptionRow {
  address: string;
  time: string;
  time_zone: string;
  topic: string | null;
  locale: string;
  rotation: string[];
  position: number;
  enabled: boolean;
  disabled_reason: string | null;
  retry_at: Date | null;
  attempts: number;
  created_at: Date;
  updated_at: Date;
}

interface DayRow {
  address: string;
  slot: string;
  attempt_id: string;
  unit_id: string;
  position: number;
  owner: string;
  started_at: Date;
  expires_at: Date;
  posted_at: Date | null;
}

function toSubscription(r: SubscriptionRow): Subscription {
  return {
    address: r.address,
    time: r.time,
    timeZone: r.time_zone,
    topic: r.topic ?? undefined,
    locale: r.locale === 'en' ? 'en' : 'zh',
    rotation: r.rotation,
    position: r.position,
    enabled: r.enabled,
    disabledReason: r.disabled_reason ?? undefined,
    retryAt: r.retry_at ?? undefined,
    attempts: r.attempts,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function toAttempt(r: DayRow): DigestAttempt {
  return { address: r.address, slot: r.slot, id: r.attempt_id, unitId: r.unit_id, position: r.position, owner: r.owner, startedAt: r.started_at, expiresAt: r.expires_at };
}
