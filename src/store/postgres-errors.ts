import { StoreError } from './store-errors.js';

/**
 * A failure of the PostgreSQL driver (pg) as a StoreError that says what to do. Network errors carry Node's
 * codes (ECONNREFUSED…), server errors a five-character SQLSTATE. `where` names the server without its
 * password (redactUrl).
 */
export function toPgStoreError(err: unknown, where: string): StoreError {
  if (err instanceof StoreError) return err;
  const code = String((err as { code?: unknown })?.code ?? '');
  const detail = err instanceof Error ? err.message || code : String(err);
  const fail = (c: StoreError['code'], message: string) => new StoreError(c, message, { cause: err });
  if (['ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'EPIPE', '57P01', '57P02', '57P03', '57014'].includes(code) || /timeout exceeded when trying to connect|Connection terminated|Query read timeout/iu.test(detail)) {
    return fail('STORE_UNREACHABLE', `The PostgreSQL server at ${where} does not answer (${detail}). Is it running and reachable from here? Check DATABASE_URL (host, port) and the server; the bot keeps answering and retries later.`);
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return fail('STORE_UNREACHABLE', `The PostgreSQL host in DATABASE_URL (${where}) cannot be resolved (${code}). Fix the host name in DATABASE_URL.`);
  }
  if (code === '28P01' || code === '28000') {
    return fail('STORE_FAILED', `PostgreSQL at ${where} refused the login (${detail}). Check the user and password in DATABASE_URL and the server's pg_hba.conf.`);
  }
  if (code === '3D000') {
    return fail('STORE_FAILED', `The database named in DATABASE_URL (${where}) does not exist (${detail}). Create it (createdb NAME, or CREATE DATABASE) or fix the name in DATABASE_URL.`);
  }
  if (code === '25006') {
    return fail('STORE_READONLY', `The PostgreSQL server at ${where} is read-only (${detail}): DATABASE_URL points at a standby. Point it at the primary.`);
  }
  if (code === '42501') {
    return fail('STORE_READONLY', `The PostgreSQL user in DATABASE_URL (${where}) lacks a privilege (${detail}). Grant it ownership of the database, or of the schema ssr-bot uses.`);
  }
  if (code === '53100') return fail('STORE_FULL', `The disk of the PostgreSQL server at ${where} is full (${detail}). Free space on the server; nothing new can be saved until then.`);
  if (code === '40001' || code === '40P01' || code === '55P03') return fail('STORE_LOCKED', `PostgreSQL at ${where} gave way to a concurrent transaction (${detail}); the next try goes through.`);
  if (code === 'XX001' || code === 'XX002') {
    return fail('STORE_CORRUPT', `PostgreSQL at ${where} reports damaged data (${detail}). Restore the database from a backup.`);
  }
  return fail('STORE_FAILED', `PostgreSQL at ${where} failed: ${detail}. Check DATABASE_URL and the server's log.`);
}

/** The connection string without its password, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'DATABASE_URL (unparsable)';
  }
}
