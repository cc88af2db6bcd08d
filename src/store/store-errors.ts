import { BotError } from '../errors.js';

/**
 * Storage failures by what the operator and the user can do about them. STORE_LOCKED is the only transient
 * one (retried); the others need a person: permissions, disk space, a backup.
 */
export type StoreErrorCode = 'STORE_LOCKED' | 'STORE_READONLY' | 'STORE_FULL' | 'STORE_CORRUPT' | 'STORE_FAILED';

export class StoreError extends BotError {
  declare readonly code: StoreErrorCode;
  constructor(code: StoreErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(code, message, options);
    this.name = 'StoreError';
  }
}

/** An SQLite error (better-sqlite3's SqliteError carries SQLITE_* codes) as a StoreError with a fix. */
export function toStoreError(err: unknown, path: string): StoreError {
  if (err instanceof StoreError) return err;
  const code = String((err as { code?: unknown })?.code ?? '');
  const detail = err instanceof Error ? err.message : String(err);
  if (/^SQLITE_(?:BUSY|LOCKED)/u.test(code)) {
    return new StoreError(
      'STORE_LOCKED',
      `The database ${path} is locked by another process (a second ssr-bot on the same file, a backup, or a sqlite3 shell in a transaction). Let it finish or stop it; if none should be running, check with: fuser ${path}`,
      { cause: err },
    );
  }
  if (/^SQLITE_READONLY/u.test(code) || (code === 'SQLITE_CANTOPEN' && /read-?only|permission/iu.test(detail))) {
    return new StoreError(
      'STORE_READONLY',
      `The database ${path} is read-only for this process: the file, or its folder (SQLite writes -wal and -shm files beside it), is not writable. Fix the permissions or set DATABASE_PATH to a writable place.`,
      { cause: err },
    );
  }
  if (code === 'SQLITE_FULL' || /ENOSPC|disk is full|database or disk is full/iu.test(detail)) {
    return new StoreError('STORE_FULL', `The disk holding ${path} is full (${detail}). Free space; nothing new can be saved until then.`, { cause: err });
  }
  if (/^SQLITE_(?:CORRUPT|NOTADB)/u.test(code)) {
    return new StoreError(
      'STORE_CORRUPT',
      `The database ${path} is damaged (${detail}). Stop ssr-bot, restore the file from a backup (or move it away to start empty), then start again.`,
      { cause: err },
    );
  }
  return new StoreError('STORE_FAILED', `The database ${path} failed: ${detail}. Check DATABASE_PATH and that its folder exists and is writable.`, { cause: err });
}
