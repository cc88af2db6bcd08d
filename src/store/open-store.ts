import { PostgresStore } from './postgres-store.js';
import { SqliteStore } from './sqlite-store.js';
import type { Store } from './store.js';

/** The configured store: PostgreSQL when DATABASE_URL is set (several replicas), else the SQLite file. */
export async function openStore(o: { databaseUrl?: string; databasePath: string; log?: (message: string, extra: Record<string, unknown>) => void }): Promise<Store> {
  return o.databaseUrl ? PostgresStore.open(o.databaseUrl, { log: o.log }) : SqliteStore.open(o.databasePath);
}
