/**
 * Versioned schema migrations of the SQLite store, applied in order at start; the applied version lives in PRAGMA user_version.
 * Never edit a migration that has shipped: add a new one.
 */
export const MIGRATIONS: readonly string[] = [
  // 1: events already handled (platform retries), feedback, conversation references
  `CREATE TABLE handled_events (event_id TEXT PRIMARY KEY, handled_at INTEGER NOT NULL);
   CREATE INDEX handled_events_at ON handled_events(handled_at);
   CREATE TABLE feedback (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     address TEXT NOT NULL, user TEXT NOT NULL, unit_id TEXT NOT NULL, query TEXT NOT NULL,
     helpful INTEGER NOT NULL, at INTEGER NOT NULL);
   CREATE INDEX feedback_unit ON feedback(unit_id);
   CREATE TABLE conversations (address TEXT PRIMARY KEY, reference TEXT NOT NULL, updated_at INTEGER NOT NULL);`,
  // 2: daily digests — subscriptions with their rotation, one row per posted local day, claims between processes
  `CREATE TABLE subscriptions (
     address TEXT PRIMARY KEY, time TEXT NOT NULL, time_zone TEXT NOT NULL, topic TEXT, locale TEXT NOT NULL,
     rotation TEXT NOT NULL, position INTEGER NOT NULL DEFAULT 0, enabled INTEGER NOT NULL DEFAULT 1,
     disabled_reason TEXT, retry_at INTEGER, attempts INTEGER NOT NULL DEFAULT 0,
     created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);
   CREATE TABLE digest_posts (
     address TEXT NOT NULL, local_date TEXT NOT NULL, unit_id TEXT NOT NULL, posted_at INTEGER NOT NULL,
     PRIMARY KEY (address, local_date));
   CREATE TABLE digest_claims (
     address TEXT NOT NULL, local_date TEXT NOT NULL, owner TEXT NOT NULL, expires_at INTEGER NOT NULL,
     PRIMARY KEY (address, local_date));`,
  // 3: claims become attempts, written before sending: which recommendation, since when, under which id the
  //    platform can be asked about it after a crash ("now" is the slot of the digest now command)
  `DROP TABLE digest_claims;
   CREATE TABLE digest_attempts (
     address TEXT NOT NULL, slot TEXT NOT NULL, id TEXT NOT NULL, unit_id TEXT NOT NULL, position INTEGER NOT NULL,
     owner TEXT NOT NULL, started_at INTEGER NOT NULL, expires_at INTEGER NOT NULL,
     PRIMARY KEY (address, slot));`,
  // 4: welcomes — one welcome per conversation, in the language last reported for it
  `ALTER TABLE conversations ADD COLUMN locale TEXT;
   CREATE TABLE welcomed_conversations (address TEXT PRIMARY KEY, welcomed_at INTEGER NOT NULL);`,
  // 5: each conversation's last language, for messages without words (`13(d)`) after a restart; its own table
  //    because a conversation may have a language before the platform gave a reference to write to it
  `CREATE TABLE conversation_languages (address TEXT PRIMARY KEY, lang TEXT NOT NULL, updated_at INTEGER NOT NULL);`,
  // 6: installations of the app (one per workspace or organisation) and the workspaces an organisation's serves
  `CREATE TABLE installations (key TEXT PRIMARY KEY, data TEXT NOT NULL, updated_at INTEGER NOT NULL);
   CREATE TABLE installation_members (member_key TEXT PRIMARY KEY, installation_key TEXT NOT NULL, updated_at INTEGER NOT NULL);
   CREATE INDEX installation_members_installation ON installation_members(installation_key);`,
];
