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

export interface ConversationRecord {
  address: string;
  /** Platform data needed to write to the conversation later (Teams conversation reference). */
  reference: unknown;
  updatedAt: Date;
}

export interface Store {
  /** Records a platform event id; false when it was already recorded (a retry). */
  markEventHandled(eventId: string, at: Date): boolean;
  /** Forgets event ids older than `before`. */
  pruneHandledEvents(before: Date): number;
  recordFeedback(f: FeedbackRecord): void;
  feedbackFor(unitId: string): { up: number; down: number };
  saveConversation(c: ConversationRecord): void;
  getConversation(address: string): ConversationRecord | undefined;
  close(): void;
}
