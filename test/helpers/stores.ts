import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach } from 'vitest';
import { PostgresStore } from '../../src/store/postgres-store.js';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import type { Store } from '../../src/store/store.js';
import { fillDatabase } from './store-faults.js';
import { freshDatabaseUrl, startPostgres, type TestPostgres } from './postgres.js';

/**
 * Both store backends for suites that run over each (describe.each(BACKENDS)): a real SQLite file, or a fresh
 * schema on this file's real PostgreSQL server (started on first use, stopped after the file). A location can
 * be opened more than once — a second process on the same database, or a restart.
 */
export const BACKENDS = ['sqlite', 'postgres'] as const;
export type BackendName = (typeof BACKENDS)[number];

export interface StoreLocation {
  backend: BackendName;
  /** The SQLite path or the PostgreSQL connection string. */
  target: string;
}

let server: Promise<TestPostgres> | undefined;
const opened: Store[] = [];

/** The file's PostgreSQL server (started once). */
export function testPostgres(): Promise<TestPostgres> {
  server ??= startPostgres();
  return server;
}

afterEach(async () => {
  await Promise.all(opened.splice(0).map((s) => s.close().catch(() => undefined))); // closed by the test already
});
afterAll(async () => {
  if (server) await (await server).stop();
});

export async function newStoreLocation(backend: BackendName): Promise<StoreLocation> {
  if (backend === 'sqlite') return { backend, target: join(mkdtempSync(join(tmpdir(), 'ssr-store-')), 'd.db') };
  return { backend, target: await freshDatabaseUrl((await testPostgres()).url) };
}

/** Opens the store at `at` (closed after the test). */
export async function openStoreAt(at: StoreLocation): Promise<Store> {
  const store = at.backend === 'sqlite' ? new SqliteStore(at.target) : await PostgresStore.open(at.target);
  opened.push(store);
  return store;
}

export async function openTestStore(backend: BackendName): Promise<Store> {
  return openStoreAt(await newStoreLocation(backend));
}

/** Rows of a query on either backend (tests look inside; the app never does). */
export async function rowsOf<T>(store: Store, sql: { sqlite: string; postgres: string }): Promise<T[]> {
  if (store instanceof SqliteStore) return store.db.prepare(sql.sqlite).all() as T[];
  return (await (store as PostgresStore).pool.query(sql.postgres)).rows as T[];
}

/** Digest attempts not finished yet. */
export function unfinishedAttempts(store: Store): Promise<{ slot: string; id: string; owner: string }[]> {
  return rowsOf(store, { sqlite: 'SELECT slot, id, owner FROM digest_attempts', postgres: 'SELECT slot, attempt_id AS id, owner FROM digest_days WHERE posted_at IS NULL' });
}

/**
 * Every write fails as on a full disk until restore(): SQLite's file is capped at its size; on PostgreSQL a
 * trigger raises disk_full (SQLSTATE 53100) on the tables a digest writes.
 */
export async function failWrites(store: Store): Promise<{ restore: () => Promise<void> }> {
  if (store instanceof SqliteStore) {
    const disk = fillDatabase(store.db);
    return { restore: async () => disk.free() };
  }
  const pool = (store as PostgresStore).pool;
  const tables = ['digest_days', 'subscriptions', 'feedback'];
  await pool.query(`CREATE FUNCTION disk_full() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'could not extend file: No space left on device' USING ERRCODE = '53100'; END $$;
    ${tables.map((t) => `CREATE TRIGGER disk_full BEFORE INSERT OR UPDATE OR DELETE ON ${t} FOR EACH STATEMENT EXECUTE FUNCTION disk_full();`).join('\n')}`);
  return {
    restore: async () => {
      await pool.query(`${tables.map((t) => `DROP TRIGGER disk_full ON ${t};`).join('\n')} DROP FUNCTION disk_full();`);
    },
  };
}

/**
 * Writes to `table` are refused as by a read-only database until restore(): SQLite in query_only mode (every
 * write), PostgreSQL through a trigger raising read_only_sql_transaction (SQLSTATE 25006) on that table.
 */
export async function refuseWrites(store: Store, table: string): Promise<{ restore: () => Promise<void> }> {
  if (store instanceof SqliteStore) {
    store.db.pragma('query_only = ON');
    return { restore: async () => void store.db.pragma('query_only = OFF') };
  }
  const pool = (store as PostgresStore).pool;
  await pool.query(`CREATE FUNCTION read_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'cannot execute in a read-only transaction' USING ERRCODE = '25006'; END $$;
    CREATE TRIGGER read_only BEFORE INSERT OR UPDATE OR DELETE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION read_only();`);
  return { restore: async () => void (await pool.query(`DROP TRIGGER read_only ON ${table}; DROP FUNCTION read_only();`)) };
}
