/**
 * The conversation references this process saved last, so that a message that repeats its conversation's
 * reference and locale (nearly every message does) costs no statement. Bounded: the conversation saved longest
 * ago is forgotten first. An entry stands for `refreshMs` at most, because another replica may have stored a
 * different reference since: then this process's next message writes its own again, at the latest after that
 * time. The stores' upserts also leave an identical row alone, so a write after a restart or a refresh changes
 * nothing that did not change.
 */
export const SAVED_CONVERSATIONS_LIMIT = 5000;
export const CONVERSATION_REFRESH_MS = 10 * 60 * 1000;

interface Saved {
  reference: string;
  locale: string | undefined;
  at: number;
}

export class SavedConversations {
  private readonly saved = new Map<string, Saved>();

  constructor(
    private readonly limit = SAVED_CONVERSATIONS_LIMIT,
    private readonly refreshMs = CONVERSATION_REFRESH_MS,
  ) {}

  /**
   * True when saving `reference` (JSON) and `locale` at `at` would write what this process saved less than
   * `refreshMs` before. A missing locale keeps the stored one, so it never counts as a change.
   */
  unchanged(address: string, reference: string, locale: string | undefined, at: Date): boolean {
    const last = this.saved.get(address);
    return last !== undefined && last.reference === reference && (locale === undefined || locale === last.locale) && at.getTime() - last.at < this.refreshMs;
  }

  /** Call after the write succeeded. */
  remember(address: string, reference: string, locale: string | undefined, at: Date): void {
    const kept = locale ?? this.saved.get(address)?.locale;
    this.saved.delete(address);
    this.saved.set(address, { reference, locale: kept, at: at.getTime() });
    if (this.saved.size > this.limit) this.saved.delete(this.saved.keys().next().value!);
  }
}
