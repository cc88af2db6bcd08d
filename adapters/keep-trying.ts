import pRetry, { AbortError } from 'p-retry';
import { describeError } from '../src/errors.js';
import type { StateReporter } from './health.js';
import type { Logger } from './logger.js';

/**
 * Runs an adapter's start-up step (credential check, connection) in the background until it succeeds, with
 * exponential backoff, so no platform outage blocks the start. Each new failure reason is logged once (later
 * repeats at debug); a problem only the operator can fix (a rejected credential) stops the retries.
 */
export class OperatorFixNeeded extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OperatorFixNeeded';
  }
}

export interface KeepTryingOptions {
  adapter: string;
  log: Logger;
  report: StateReporter;
  /** Short reason for the adapter state, and the log line; throw OperatorFixNeeded from `attempt` for permanent problems. */
  explain?: (err: unknown) => string;
  onBackoff?: () => void;
  signal: AbortSignal;
  minDelayMs?: number;
  maxDelayMs?: number;
}

export async function keepTrying(attempt: () => Promise<void>, o: KeepTryingOptions): Promise<void> {
  const explain = o.explain ?? describeError;
  const minDelayMs = o.minDelayMs ?? 1000;
  const maxDelayMs = o.maxDelayMs ?? 5 * 60_000;
  let lastReason = '';
  const fail = (reason: string, level: 'warn' | 'error', extra: Record<string, unknown> = {}) => {
    o.report({ state: 'degraded', reason });
    if (reason !== lastReason) o.log[level](reason, { adapter: o.adapter, ...extra });
    else o.log.debug?.(reason, { adapter: o.adapter, ...extra });
    lastReason = reason;
  };
  try {
    await pRetry(
      async () => {
        try {
          await attempt();
        } catch (err) {
          if (err instanceof OperatorFixNeeded) throw new AbortError(err);
          throw err;
        }
      },
      {
        retries: Number.POSITIVE_INFINITY,
        minTimeout: minDelayMs,
        maxTimeout: maxDelayMs,
        factor: 2,
        signal: o.signal,
        unref: true,
        onFailedAttempt: ({ error, attemptNumber }) => {
          if (o.signal.aborted) return;
          o.onBackoff?.();
          const retryInS = Math.round(Math.min(maxDelayMs, minDelayMs * 2 ** (attemptNumber - 1)) / 1000);
          fail(explain(error), 'warn', { attempt: attemptNumber, retryInS });
        },
      },
    );
    o.report({ state: 'ok' });
  } catch (err) {
    if (o.signal.aborted) return;
    const cause = err instanceof OperatorFixNeeded ? err : (err as { originalError?: unknown }).originalError ?? err;
    fail(cause instanceof OperatorFixNeeded ? cause.message : explain(cause), 'error');
  }
}
