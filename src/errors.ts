/**
 * Every error the bot raises on purpose, and every error reply, carries one of these machine-readable codes,
 * so replies, logs, metrics and tests tell them apart the same way.
 */
export type ErrorCode =
  | 'INTERNAL'
  | 'REFERENCE_NOT_FOUND'
  | 'DIGEST_UNAVAILABLE'
  | 'DIGEST_TOPIC'
  | 'DIGEST_NOT_SUBSCRIBED'
  | 'DIGEST_TIME'
  | 'DIGEST_ZONE'
  | 'DIGEST_ZONE_AMBIGUOUS'
  | 'DIGEST_LANG'
  | 'CONFIG_INVALID'
  | 'CORPUS_EMPTY'
  | 'CORPUS_FILE_INVALID'
  | 'CORPUS_DIR_MISSING'
  | 'ACTION_INVALID'
  | 'STORE_FAILED'
  | 'STORE_LOCKED'
  | 'STORE_UNREACHABLE'
  | 'STORE_READONLY'
  | 'STORE_FULL'
  | 'STORE_CORRUPT'
  | 'DELIVERY_FAILED'
  | 'LISTEN_FAILED';

export class BotError extends Error {
  readonly code: ErrorCode;
  readonly details?: unknown;
  constructor(code: ErrorCode, message: string, options: { cause?: unknown; details?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'BotError';
    this.code = code;
    this.details = options.details;
  }
}

/** A short, loggable description of any thrown value. */
export function describeError(err: unknown): string {
  if (err instanceof BotError) return `${err.code}: ${err.message}`;
  if (err instanceof Error) return `${err.name}: ${err.message}`;
  return String(err);
}
