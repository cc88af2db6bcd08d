/**
 * The storage port of the core: SQLite (sqlite-store.ts) by default, PostgreSQL (postgres-store.ts) for several
 * replicas; open-store.ts picks one. Both pass the same contract tests. Addresses are adapter-prefixed strings
 * ("web:<session>", "<platform>:<ids>").
 * Every operation is asynchronous and may fail with a StoreError (store-errors.ts): callers answer the user
 * first and say plainly when something could not be saved.
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
  /** Platform data needed to write to the conversation later (a platform's conversation reference). */
  reference: unknown;
  /** The last locale the platform reported in this conversation ("en-US"); kept when a later activity has none. */
  locale?: string;
  /** When the reference or locale last changed: saving the same again keeps the earlier time. */
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

/**
 * One try at posting a digest, written *before* the message is sent so that a crash leaves a trace: the next
 * process asks the platform whether a message with this `id` arrived before sending again.
 */
export interface DigestAttempt {
  address: string;
  /** The local date it is for ("2026-11-26"), or "now" for the `digest now` command. */
  slot: string;
  id: string;
  unitId: string;
  /** Rotation index of `unitId` when the attempt began. */
  position: number;
  owner: string;
  startedAt: Date;
  /** The owner's lease: until then nobody else touches the attempt (unless the owner is known to be gone). */
  expiresAt: Date;
}

/**
 * fresh: nothing was under way, send. recover: an unfinished attempt whose owner is gone or whose lease ran out
 * was taken over (same id, unit and start): ask the platform before sending. busy: someone else is on it.
 * done: that local date is already posted.
 */
/** An attempt whose message the platform has, and the rotation index to continue from. */
export interface PostedAttempt {
  attempt: DigestAttempt;
  nextPosition: number;
}

export type AttemptClaim = { kind: 'fresh' | 'recover'; attempt: DigestAttempt } | { kind: 'busy' } | { kind: 'done' };

/**
 * An installation of the app by one workspace or organisation. Its `key` is the address prefix of the
 * conversations it serves ("chat:W1" serves "chat:W1:C7"); an organisation-wide installation also serves the
 * workspaces linked to it as members. `data` is what the adapter needs to act there (tokens included), as JSON.
 */
export interface InstallationRecord {
  key: string;
  data: unknown;
  updatedAt: Date;
}

export interface Store {
  /** Records a platform event id; false when it was already recorded (a retry). */
  markEventHandled(eventId: string, at: Date): Promise<boolean>;
  /** Forgets event ids older than `before`. */
  pruneHandledEvents(before: Date): Promise<number>;
  recordFeedback(f: FeedbackRecord): Promise<void>;
  feedbackFor(unitId: string): Promise<{ up: number; down: number }>;
  feedbackReport(): Promise<FeedbackReport>;
  /** Writes only what changed: the same reference and locale again cost no statement (saved-conversations.ts). */
  saveConversation(c: ConversationRecord): Promise<void>;
  getConversation(address: string): Promise<ConversationRecord | undefined>;
  /** Records that the conversation was welcomed; false when it already was (so exactly one caller welcomes). */
  markWelcomed(address: string, at: Date): Promise<boolean>;
  /** Forgets the welcome (it could not be delivered, or the app was removed): the next install welcomes again. */
  forgetWelcome(address: string): Promise<void>;
  /** The language of the conversation's last message that had one (see src/locale.ts), if any. */
  conversationLanguage(address: string): Promise<'zh' | 'en' | undefined>;
  setConversationLanguage(address: string, lang: 'zh' | 'en', at: Date): Promise<void>;
  saveSubscription(s: Subscription): Promise<void>;
  getSubscription(address: string): Promise<Subscription | undefined>;
  listSubscriptions(): Promise<Subscription[]>;
  /** Removes the subscription and any attempts of it. */
  deleteSubscription(address: string): Promise<boolean>;
  disableSubscription(address: string, reason: string, at: Date): Promise<void>;
  /** Marks a failed attempt: no new try before `retryAt`. */
  deferSubscription(address: string, retryAt: Date, attempts: number): Promise<void>;
  hasPosted(address: string, date: string): Promise<boolean>;
  /**
   * Claims several slots at once (distinct address and slot each), one answer per attempt in the same order.
   * For each, atomically: `done` if the slot's date is already posted; the existing attempt taken over (recover)
   * when its lease ran out or `ownerGone(owner)`; `busy` while another owner holds it; else `fresh` is recorded.
   * A scheduler pass claims several at a time, so thousands of due digests cost far fewer statements.
   */
  beginDigestAttempts(fresh: readonly DigestAttempt[], ownerGone: (owner: string) => boolean): Promise<AttemptClaim[]>;
  /**
   * The platform has these messages (of distinct subscriptions): for each, drop the attempt, record the date as
   * posted (not for "now"), move the rotation to `nextPosition` and clear retry state (not for "now"). All in
   * one transaction; one answer per item, in order: false (nothing changes for it) when its attempt is no
   * longer there — another process finished it already.
   */
  finishDigestAttempts(posted: readonly PostedAttempt[], at: Date): Promise<boolean[]>;
  /** The message certainly did not go out: forget the attempt. */
  abandonDigestAttempt(attempt: DigestAttempt): Promise<void>;
  /** The outcome is unknown: keep the attempt, lease ended at `now`, for the next try to reconcile. */
  suspendDigestAttempt(attempt: DigestAttempt, now: Date): Promise<void>;
  saveInstallation(i: InstallationRecord): Promise<void>;
  /** Records that conversations under `memberKey` are served by the installation `installationKey`. */
  linkInstallation(memberKey: string, installationKey: string, at: Date): Promise<void>;
  /** The installation with this key, else the one `key` is a member of. */
  findInstallation(key: string): Promise<InstallationRecord | undefined>;
  /**
   * The app was removed (or its token revoked) for `key`: in one transaction forget the installation `key`
   * (when `key` is a member, just its link), and disable the subscriptions under `key` and under each of its
   * members with `reason`. Member links of an organisation stay (they describe the organisation, not the
   * installation): a new install serves its workspaces again. Returns how many subscriptions were disabled.
   */
  removeInstallation(key: string, reason: string, at: Date): Promise<{ removed: boolean; disabled: number }>;
  close(): Promise<void>;
}
