import Database from 'better-sqlite3';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { BotError } from '../errors.js';

/**
 * A consistent copy of the SQLite database while the bot keeps running: SQLite's online backup API (through
 * better-sqlite3) copies the pages in steps and restarts a step a writer changed; the copy is then checked
 * with `PRAGMA integrity_check`. Never overwrites a file.
 */
export async function backupSqlite(source: string, destination: string): Promise<{ bytes: number; ms: number }> {
  if (!existsSync(source)) throw new BotError('STORE_FAILED', `No database at ${source}: set DATABASE_PATH to the bot's database (see .env).`);
  if (existsSync(destination)) throw new BotError('STORE_FAILED', `${destination} already exists: choose another file name.`);
  mkdirSync(dirname(destination), { recursive: true });
  const started = Date.now();
  const db = new Database(source, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    await db.backup(destination);
  } finally {
    db.close();
  }
  const copy = new Database(destination, { readonly: true });
  try {
    const check = copy.pragma('integrity_check', { simple: true });
    if (check !== 'ok') throw new BotError('STORE_FAILED', `The copy at ${destination} failed integrity_check (${String(check)}); keep the previous backup and try again.`);
  } finally {
    copy.close();
  }
  return { bytes: statSync(destination).size, ms: Date.now() - started };
}

/** backups/ssr-bot-20261126T093000Z.db beside the database. */
export function defaultBackupPath(source: string, now: Date): string {
  const stamp = now.toISOString().replace(/[-:]/gu, '').replace(/\.\d+Z$/u, 'Z');
  return `${dirname(source)}/backups/ssr-bot-${stamp}.db`;
}
