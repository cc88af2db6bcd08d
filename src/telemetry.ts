import type { ErrorCode } from './errors.js';
import type { Reply } from './reply/reply-model.js';

/**
 * What the core reports about its own work. The application turns it into log lines and metrics (the core
 * depends on nothing but this interface); without one, nothing is recorded.
 */
export interface RequestRecord {
  /** The address prefix of the conversation ("web", "cli", each platform's own). */
  platform: string;
  /** message: a chat message; action: a button press; search: a search surface (a message extension). */
  source: 'message' | 'action' | 'search';
  kind: Reply['kind'];
  /** answered: a reply with content; no_match: a question nothing matched; rejected: an error reply for bad input; failed: an internal error. */
  outcome: 'answered' | 'no_match' | 'rejected' | 'failed';
  ms: number;
  hits: number;
  code?: ErrorCode;
  /** The user's text; the application decides whether it may be logged. */
  text: string;
}

export type DigestOutcome = 'posted' | 'deferred' | 'disabled';

export interface Telemetry {
  request(r: RequestRecord): void;
  search(ms: number): void;
  digest(outcome: DigestOutcome): void;
  /** A retry scheduled after a failure (digest delivery); the application adds its own (start-up checks). */
  backoff(operation: string): void;
}

export const noTelemetry: Telemetry = { request() {}, search() {}, digest() {}, backoff() {} };

export function outcomeOf(reply: Reply): RequestRecord['outcome'] {
  if (reply.kind === 'error') return reply.code === 'INTERNAL' ? 'failed' : 'rejected';
  if (reply.kind === 'answer' && reply.hits.length === 0) return 'no_match';
  return 'answered';
}
