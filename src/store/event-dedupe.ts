import type { Clock } from '../clock.js';
import { describeError } from '../errors.js';
import { silentLogger, type Logger } from '../logger.js';
import type { Store } from './store.js';

/**
 * Platform retries repeat an event id: answer it once. Ids are kept for a day —
 * platforms retry within minutes — and older ones are pruned at most once an hour, so the table stays small.
 * Recent ids are also kept in memory, so retries to this process are caught even while the database cannot
 * be written; a write that fails is dropped with a warning and the message is answered anyway.
 */
export const DEDUPE_WINDOW_MS = 24 * 60 * 60 * 1000;
const PRUNE_EVERY_MS = 60 * 60 * 1000;
const MEMORY_LIMIT = 10_000;

export class EventDeduper {
  private lastPrune = Number.NEGATIVE_INFINITY;
  /** id → when seen, oldest first. */
  private readonly recent = new Map<string, number>();

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly log: Logger = silentLogger,
  ) {}

  /** True the first time an id is seen (and always for a missing id); false for a retry. */
  async firstTime(eventId: string | undefined): Promise<boolean> {
    if (!eventId) return true;
    const now = this.clock.now().getTime();
    this.forgetBefore(now - DEDUPE_WINDOW_MS);
    if (this.recent.has(eventId)) return false;
    this.recent.set(eventId, now);
    if (this.recent.size > MEMORY_LIMIT) this.recent.delete(this.recent.keys().next().value!);
    if (now - this.lastPrune >= PRUNE_EVERY_MS) {
      this.lastPrune = now;
      this.store.pruneHandledEvents(new Date(now - DEDUPE_WINDOW_MS)).catch((err) => this.log.warn('old event ids not pruned', { error: describeError(err) }));
    }
    try {
      return await this.store.markEventHandled(eventId, new Date(now));
    } catch (err) {
      this.log.warn('event id not recorded; answering anyway (a retry to another process could be answered twice)', { eventId, error: describeError(err) });
      return true;
    }
  }

  private forgetBefore(cutoff: number): void {
    for (const [id, at] of this.recent) {
      if (at >= cutoff) break;
      this.recent.delete(id);
    }
  }
}
