/**
 * The storage port of the core. The SQLite implementation (sqlite-store.ts) is the default; another
 * engine implements this interface. Addresses are adapter-prefixed strings ("slack:T1:C7", "teams:…").
 */
export interface FeedbackRecord {
  address: string;
  user: string;
  unitId: string;
  query: string;
  helpful: boolean;
  at: Date;
}

/** 👍/👎 counts, per unit and per (question, unit), most voted first. */
export interface FeedbackReport {
  units: { unitId: string; up: number; down: number }[];
  questions: { query: string; unitId: string; up: number; down: number }[];
}

export interface ConversationRecord {
  address: string;
  /** Platform data needed to write to the conversation later (Teams conversation reference). */
  reference: unknown;
  updatedAt: Date;
}

export interface Subscription {
  address: string;
  /** Local time of day, HH:MM. */
  time: string;
  timeZone: string;
  topic?: string;
  locale: 'zh' | 'en';
  /** Unit ids of the recommendations, in rotation order (fixed when subscribing, so restarts keep the order). */
  rotation: string[];
  /** Index into rotation of the next recommendation to post. */
  position: number;
  enabled: boolean;
  disabledReason?: string;
  /** After a failed delivery: not before this instant. */
  retryAt?: Date;
  attempts: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface Store {
  /** Records a platform event id; false when it was already recorded (a retry). */
  markEventHandled(eventId: string, at: Date): boolean;
  /** Forgets event ids older than `before`. */
  pruneHandledEvents(before: Date): number;
  recordFeedback(f: FeedbackRecord): void;
  feedbackFor(unitId: string): { up: number; down: number };
  feedbackReport(): FeedbackReport;
  saveConversation(c: ConversationRecord): void;
  getConversation(address: string): ConversationRecord | undefined;
  saveSubscription(s: Subscription): void;
  getSubscription(address: string): Subscription | undefined;
  listSubscriptions(): Subscription[];
  deleteSubscription(address: string): boolean;
  disableSubscription(address: string, reason: string, at: Date): void;
  /** Marks a failed attempt: no new try before `retryAt`. */
  deferSubscription(address: string, retryAt: Date, attempts: number): void;
  /** Advances the rotation without recording a day's post ("digest now"). */
  setPosition(address: string, position: number, at: Date): void;
  hasPosted(address: string, date: string): boolean;
  /**
   * Claims the (address, local date) digest for `owner` for `leaseMs`. False when it is already posted or
   * another live claim holds it: two processes on one database never both send.
   */
  claimDigest(address: string, date: string, owner: string, now: Date, leaseMs: number): boolean;
  releaseClaim(address: string, date: string, owner: string): void;
  /**
   * After the platform accepted the message, in one transaction: record "posted for date", advance the
   * rotation, drop the claim and any retry state. False (and nothing changes) if the date was already recorded.
   */
  recordDigestPost(address: string, date: string, unitId: string, position: number, owner: string, at: Date): boolean;
  close(): void;
}
