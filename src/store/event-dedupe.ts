import type { Clock } from '../clock.js';
import type { Store } from './store.js';

/**
 * Platform retries (Slack's X-Slack-Retry-Num) repeat an event id: answer it once. Ids are kept for a day —
 * Slack retries within minutes — and older ones are pruned at most once an hour, so the table stays small.
 */
export const DEDUPE_WINDOW_MS = 24 * 60 * 60 * 1000;
const PRUNE_EVERY_MS = 60 * 60 * 1000;

export class EventDeduper {
  private lastPrune = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  /** True the first time an id is seen (and always for a missing id); false for a retry. */
  firstTime(eventId: string | undefined): boolean {
    if (!eventId) return true;
    const now = this.clock.now();
    if (now.getTime() - this.lastPrune >= PRUNE_EVERY_MS) {
      this.store.pruneHandledEvents(new Date(now.getTime() - DEDUPE_WINDOW_MS));
      this.lastPrune = now.getTime();
    }
    return this.store.markEventHandled(eventId, now);
  }
}
