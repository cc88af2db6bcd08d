/**
 * Versioned schema migrations of the PostgreSQL store, applied in order at start (postgres-store.ts); the
 * applied versions live in the table schema_migrations. Never edit a migration that has shipped: add one.
 *
 * The schema holds what the SQLite one does (migrations.ts), with one difference in the digests: a single row
 * per (subscription, local day) — digest_days — is both the attempt and, once posted_at is set, the record of
 * the post. Claiming a day is then one INSERT … ON CONFLICT DO NOTHING, and no replica can start a day that
 * another has finished, however their transactions interleave.
 */
export const PG_MIGRATIONS: readonly string[] = [
  // 1: events already handled (platform retries), feedback, conversation references, welcomes and languages, daily
  //    digests, and installations of the app (one per workspace or organisation) with the workspaces they serve
  `CREATE TABLE handled_events (event_id TEXT PRIMARY KEY, handled_at TIMESTAMPTZ NOT NULL);
   CREATE INDEX handled_events_at ON handled_events (handled_at);
   CREATE TABLE feedback (
     id BIGSERIAL PRIMARY KEY,
     address TEXT NOT NULL, user_id TEXT NOT NULL, unit_id TEXT NOT NULL, query TEXT NOT NULL,
     helpful BOOLEAN NOT NULL, at TIMESTAMPTZ NOT NULL);
   CREATE INDEX feedback_unit ON feedback (unit_id);
   CREATE TABLE conversations (address TEXT PRIMARY KEY, reference JSONB NOT NULL, locale TEXT, updated_at TIMESTAMPTZ NOT NULL);
   CREATE TABLE welcomed_conversations (address TEXT PRIMARY KEY, welcomed_at TIMESTAMPTZ NOT NULL);
   CREATE TABLE conversation_languages (address TEXT PRIMARY KEY, lang TEXT NOT NULL, updated_at TIMESTAMPTZ NOT NULL);
   CREATE TABLE subscriptions (
     address TEXT PRIMARY KEY, time TEXT NOT NULL, time_zone TEXT NOT NULL, topic TEXT, locale TEXT NOT NULL,
     rotation JSONB NOT NULL, position INTEGER NOT NULL DEFAULT 0, enabled BOOLEAN NOT NULL DEFAULT TRUE,
     disabled_reason TEXT, retry_at TIMESTAMPTZ, attempts INTEGER NOT NULL DEFAULT 0,
     created_at TIMESTAMPTZ NOT NULL, updated_at TIMESTAMPTZ NOT NULL);
   CREATE TABLE digest_days (
     address TEXT NOT NULL, slot TEXT NOT NULL, attempt_id TEXT NOT NULL, unit_id TEXT NOT NULL, position INTEGER NOT NULL,
     owner TEXT NOT NULL, started_at TIMESTAMPTZ NOT NULL, expires_at TIMESTAMPTZ NOT NULL, posted_at TIMESTAMPTZ,
     PRIMARY KEY (address, slot));
   CREATE TABLE installations (key TEXT PRIMARY KEY, data JSONB NOT NULL, updated_at TIMESTAMPTZ NOT NULL);
   CREATE TABLE installation_members (member_key TEXT PRIMARY KEY, installation_key TEXT NOT NULL, updated_at TIMESTAMPTZ NOT NULL);
   CREATE INDEX installation_members_installation ON installation_members (installation_key);`,
];
