/**
 * Versioned schema migrations, applied in order at start; the applied version lives in PRAGMA user_version.
 * Never edit a migration that has shipped: add a new one.
 */
export const MIGRATIONS: readonly string[] = [
  // 1: events already handled (Slack retries), feedback, conversation references
  `CREATE TABLE handled_events (event_id TEXT PRIMARY KEY, handled_at INTEGER NOT NULL);
   CREATE INDEX handled_events_at ON handled_events(handled_at);
   CREATE TABLE feedback (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     address TEXT NOT NULL, user TEXT NOT NULL, unit_id TEXT NOT NULL, query TEXT NOT NULL,
     helpful INTEGER NOT NULL, at INTEGER NOT NULL);
   CREATE INDEX feedback_unit ON feedback(unit_id);
   CREATE TABLE conversations (address TEXT PRIMARY KEY, reference TEXT NOT NULL, updated_at INTEGER NOT NULL);`,
];
