import { randomUUID } from 'node:crypto';
import { Cron } from 'croner';
import type { Clock } from '../clock.js';
import type { DigestCommand } from '../commands/parse-command.js';
import type { Unit } from '../corpus/types.js';
import { DeliveryError, type DeliveryKey, type DeliveryRouter } from '../delivery/delivery-port.js';
import { describeError } from '../errors.js';
import { DIGEST_MESSAGES } from '../i18n/digest-messages.js';
import { silentLogger, type Logger } from '../logger.js';
import { MESSAGES } from '../i18n/messages.js';
import type { DigestCommands, InboundMessage } from '../inbound.js';
import { errorReply, noticeReply } from '../reply/replies.js';
import type { Locale, Reply } from '../reply/reply-model.js';
import { StoreError } from '../store/store-errors.js';
import type { AttemptClaim, DigestAttempt, PostedAttempt, Store, Subscription } from '../store/store.js';
import { noTelemetry, type Telemetry } from '../telemetry.js';
import { newOwnerId, ownerIsGone } from './owner.js';
import { addDays, localDate, localDateTime, scheduledInstant } from './schedule.js';
import { together } from './together.js';

/**
 * Daily recommendation digests. Delivery guarantee (README "Daily digests"): for each enabled subscription, at
 * most one digest per local day, at or after the chosen time (or at start-up later that same day), retried
 * after transient failures until the day is over.
 *
 * Each send is an *attempt* recorded before the message leaves (subscription, local day or "now", attempt id,
 * recommendation). Success records the day and advances the rotation in one transaction. A crash leaves the
 * attempt behind: whoever picks it up next (at once if the old process is gone, else after the lease) asks the
 * platform whether the message with that attempt id arrived (DeliveryPort.find) and sends only if not.
 * Where the platform cannot tell (a port without `find`, or one that answers "unknown") such an attempt is not sent
 * again: at most once.
 */
/** What the digests need from answering: the recommendations, a topic search and a unit as a reply. */
export interface DigestContent {
  corpus: { bullets(): Unit[]; get(id: string): Unit | undefined };
  find(topic: string): Unit[];
  unitReply(id: string, locale: Locale): Reply;
}

export interface DigestServiceOptions {
  content: DigestContent;
  store: Store;
  clock: Clock;
  delivery: DeliveryRouter;
  defaultTimeZone: string;
  log?: Logger;
  /** How long an attempt belongs to its sender; a hung sender's attempt is taken over after it. */
  claimLeaseMs?: number;
  /** Digests in flight at once during a tick (different channels; platforms limit posts per channel to about one a second). */
  concurrency?: number;
  telemetry?: Telemetry;
}

export interface TickResult {
  posted: string[];
  deferred: string[];
  disabled: string[];
}

type Outcome = 'sent' | 'found' | 'uncertain';
/** A claim that gives this process the attempt to send. */
type Claimed = Extract<AttemptClaim, { attempt: DigestAttempt }>;
/** Records one posted attempt (alone, or together with others: together.ts). */
type Finish = (posted: PostedAttempt) => Promise<boolean>;

const DEFAULT_TIME = '09:00';
const MAX_BACKOFF_MS = 30 * 60_000;
const NOW_SLOT = 'now';

export class DigestService implements DigestCommands {
  private readonly owner = newOwnerId();
  private timer?: Cron;
  private readonly log: Logger;
  private readonly telemetry: Telemetry;
  /** The scheduled pass in progress, if any: stop() lets it finish its sends. */
  private running?: Promise<unknown>;
  /** Posted, but the store could not record it (full disk, lock): recorded on a later tick, never re-sent. */
  private readonly unrecorded = new Map<string, PostedAttempt>();
  private readonly finishOne: Finish = async (posted) => (await this.o.store.finishDigestAttempts([posted], this.o.clock.now()))[0];

  constructor(private readonly o: DigestServiceOptions) {
    this.log = o.log ?? silentLogger;
    this.telemetry = o.telemetry ?? noTelemetry;
  }

  /** Checks every 30 seconds (croner; protect: a slow tick is never overlapped), and once now for missed posts. */
  start(): void {
    const run = () => {
      this.running = this.tick().finally(() => (this.running = undefined));
      return this.running.then(() => undefined);
    };
    this.timer = new Cron('*/30 * * * * *', { protect: true }, run);
    void run();
  }

  /** Stops the timer; resolves when a pass in progress has finished. */
  async stop(): Promise<void> {
    this.timer?.stop();
    await this.running?.catch(() => undefined);
  }

  /**
   * `locale` is the language chosen for the command (bot.ts); status, off and now answer in the existing
   * subscription's own language instead, the one its digests are posted in.
   */
  async handle(command: DigestCommand, msg: InboundMessage, chosen: Locale): Promise<Reply> {
    let locale = chosen;
    try {
      if (command.action === 'status' || command.action === 'off' || command.action === 'now') locale = (await this.o.store.getSubscription(msg.address))?.locale ?? chosen;
      return await this.command(command, msg, locale);
    } catch (err) {
      if (!(err instanceof StoreError)) throw err;
      this.log.warn('digest command not saved', { action: command.action, address: msg.address, error: describeError(err) });
      const m = DIGEST_MESSAGES[locale];
      const text = command.action === 'on' ? m.saveFailed : command.action === 'off' ? m.unsubscribeFailed : m.storeUnavailable;
      return errorReply(locale, err.code, text);
    }
  }

  private async command(command: DigestCommand, msg: InboundMessage, locale: Locale): Promise<Reply> {
    const m = DIGEST_MESSAGES[locale];
    const { store, clock } = this.o;
    const now = clock.now();
    switch (command.action) {
      case 'help':
        return this.text(locale, m.statusTitle, m.help);
      case 'on': {
        if (!this.o.delivery.has(msg.address)) return errorReply(locale, 'DIGEST_UNAVAILABLE', m.unavailableHere);
        const rotation = this.rotationFor(command.topic);
        if (rotation.length === 0) return errorReply(locale, 'DIGEST_TOPIC', m.noTopicMatch(command.topic ?? '', this.o.content.corpus.bullets().length));
        const existing = await store.getSubscription(msg.address);
        const sameRotation = existing && JSON.stringify(existing.rotation) === JSON.stringify(rotation);
        const sub: Subscription = {
          address: msg.address,
          time: command.time ?? existing?.time ?? DEFAULT_TIME,
          timeZone: command.timeZone ?? existing?.timeZone ?? this.o.defaultTimeZone,
          topic: command.topic,
          locale,
          rotation,
          position: sameRotation ? existing!.position % rotation.length : 0,
          enabled: true,
          attempts: 0,
          createdAt: now,
          updatedAt: now,
        };
        await store.saveSubscription(sub);
        this.log.info('digest subscribed', { address: sub.address, time: sub.time, timeZone: sub.timeZone, topic: sub.topic });
        return this.text(locale, m.statusTitle, m.subscribed(m.daily(sub.time, sub.timeZone), rotation.length, sub.topic, await this.nextPostText(sub, now)));
      }
      case 'off':
        return this.text(locale, m.statusTitle, (await store.deleteSubscription(msg.address)) ? m.unsubscribed : m.notSubscribed);
      case 'status': {
        const reply = await this.statusReply(msg.address, locale);
        return reply ?? this.text(locale, m.statusTitle, m.notSubscribed);
      }
      case 'now':
        return this.postNow(msg.address, locale);
    }
  }

  /** `digest now`: the same attempt protocol as a scheduled digest, in the slot "now". */
  private async postNow(address: string, locale: Locale): Promise<Reply> {
    const m = DIGEST_MESSAGES[locale];
    const { store } = this.o;
    await this.recordUnrecorded();
    const sub = await store.getSubscription(address);
    if (!sub) return errorReply(locale, 'DIGEST_NOT_SUBSCRIBED', m.notSubscribed);
    if (this.unrecorded.has(slotKey(address, NOW_SLOT))) return errorReply(locale, 'STORE_FAILED', m.storeUnavailable);
    const [claim] = await store.beginDigestAttempts([this.newAttempt(sub, NOW_SLOT)], ownerIsGone);
    if (claim.kind !== 'fresh' && claim.kind !== 'recover') return this.text(locale, m.statusTitle, m.nowInProgress);
    const { attempt } = claim;
    const label = this.o.content.corpus.get(attempt.unitId)?.ref ?? attempt.unitId;
    let outcome: Outcome;
    try {
      outcome = await this.deliver(attempt, sub, claim.kind === 'recover');
    } catch (err) {
      this.log.warn('digest now failed', { address, error: describeError(err) });
      await this.afterFailure(attempt, sub, err, claim.kind === 'recover', undefined).catch((e) => this.log.warn('digest now attempt not updated', { address, error: describeError(e) }));
      return errorReply(locale, 'DELIVERY_FAILED', m.nowFailed(err instanceof DeliveryError ? err.reason : describeError(err)));
    }
    // From here the message is out (or must not go out again): the user hears so even if recording fails.
    await this.record(attempt, sub);
    if (outcome === 'found') return this.text(locale, m.statusTitle, m.nowAlreadyPosted(label));
    if (outcome === 'uncertain') return this.text(locale, m.statusTitle, m.nowMaybePosted(label));
    return this.text(locale, m.statusTitle, m.sentNow(label));
  }

  /** The settings of one address (for "digest status"); undefined when not subscribed. */
  async statusReply(address: string, locale: Locale): Promise<Reply | undefined> {
    const sub = await this.o.store.getSubscription(address);
    if (!sub) return undefined;
    const m = DIGEST_MESSAGES[locale];
    if (!sub.enabled) return this.text(locale, m.statusTitle, m.disabled(sub.disabledReason ?? 'unknown'));
    const now = this.o.clock.now();
    return this.text(locale, m.statusTitle, m.status(m.daily(sub.time, sub.timeZone), sub.topic, await this.nextPostText(sub, now), sub.rotation.length, sub.position % sub.rotation.length));
  }

  /** Every subscription whose address starts with `prefix` (a workspace, for an adapter's home screen). */
  async statusUnder(prefix: string, locale: Locale): Promise<Reply | undefined> {
    const subs = (await this.o.store.listSubscriptions()).filter((s) => s.address.startsWith(prefix));
    if (subs.length === 0) return undefined;
    const m = DIGEST_MESSAGES[locale];
    const now = this.o.clock.now();
    const lines: string[] = [];
    for (const s of subs) {
      const where = s.address.slice(prefix.length);
      const what = s.enabled
        ? m.status(m.daily(s.time, s.timeZone), s.topic, await this.nextPostText(s, now), s.rotation.length, s.position % s.rotation.length)
        : m.disabled(s.disabledReason ?? 'unknown');
      lines.push(`${where}: ${what}`);
    }
    return { ...this.text(locale, m.statusTitle, ''), message: undefined, sections: [{ title: m.statusTitle, lines }], fallbackText: `${m.statusTitle}\n${lines.join('\n')}` };
  }

  /**
   * One scheduling pass: posts every digest that is due, a few channels at a time. One failing channel never
   * blocks the others; a store that cannot be written ends the pass (the next one tries again).
   */
  async tick(): Promise<TickResult> {
    const result: TickResult = { posted: [], deferred: [], disabled: [] };
    let subs: Subscription[];
    try {
      await this.recordUnrecorded();
      subs = await this.o.store.listSubscriptions();
    } catch (err) {
      this.log.warn('digest pass skipped: the store is unavailable', { error: describeError(err) });
      return result;
    }
    const due = subs.flatMap((sub) => {
      const date = this.dueDate(sub);
      return date ? [{ sub, date }] : [];
    });
    const concurrency = Math.min(this.o.concurrency ?? 8, due.length);
    // The senders' claims, and their records after sending, that fall due together go in one statement each
    // (together.ts): a pass over thousands of digests costs a fraction of the statements. Each claim belongs to
    // the sender that asked for it and is sent at once, so a crash cannot strand claims that were never sent.
    const claim = together((attempts: DigestAttempt[]) => this.o.store.beginDigestAttempts(attempts, ownerIsGone));
    const finish = together((posted: PostedAttempt[]) => this.o.store.finishDigestAttempts(posted, this.o.clock.now()));
    let next = 0;
    let storeDown = false;
    const worker = async () => {
      while (next < due.length && !storeDown) {
        const { sub, date } = due[next++];
        try {
          const claimed = await claim(this.newAttempt(sub, date));
          if (claimed.kind === 'fresh' || claimed.kind === 'recover') await this.deliverClaimed(sub, claimed, result, finish);
        } catch (err) {
          if (!(err instanceof StoreError)) throw err;
          if (!storeDown) this.log.warn('digest pass stopped: the store is unavailable', { address: sub.address, error: describeError(err) });
          storeDown = true;
        }
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    return result;
  }

  /** The local date whose digest is due now, if any. */
  private dueDate(sub: Subscription): string | undefined {
    if (!sub.enabled) return undefined;
    const now = this.o.clock.now();
    const date = localDate(now, sub.timeZone);
    const at = scheduledInstant(date, sub.time, sub.timeZone);
    if (now < at || at < sub.createdAt) return undefined; // not yet, or subscribed after today's time
    if (sub.retryAt && sub.retryAt > now) return undefined;
    if (this.unrecorded.has(slotKey(sub.address, date))) return undefined;
    return date;
  }

  private async deliverClaimed(sub: Subscription, claim: Claimed, result: TickResult, finish: Finish): Promise<void> {
    const { attempt } = claim;
    try {
      await this.deliver(attempt, sub, claim.kind === 'recover');
    } catch (err) {
      await this.afterFailure(attempt, sub, err, claim.kind === 'recover', result);
      return;
    }
    await this.record(attempt, sub, finish);
    result.posted.push(sub.address);
    this.telemetry.digest('posted');
  }

  /**
   * Sends the attempt's message; when recovering, first asks the platform whether it is there already.
   * `uncertain`: the platform cannot tell, so it is not sent again (at most once).
   */
  private async deliver(attempt: DigestAttempt, sub: Subscription, recovering: boolean): Promise<Outcome> {
    const key: DeliveryKey = { subscription: attempt.address, day: attempt.slot, attempt: attempt.id };
    if (recovering) {
      const seen = await this.o.delivery.find(attempt.address, key, attempt.startedAt);
      if (seen.kind === 'found') {
        this.log.info('digest attempt had been posted; not sending again', { address: attempt.address, slot: attempt.slot, attempt: attempt.id });
        return 'found';
      }
      if (seen.kind === 'unknown') {
        this.log.warn('digest attempt may have been posted and cannot be checked; not sending again (at most once)', { address: attempt.address, slot: attempt.slot, attempt: attempt.id, reason: seen.reason });
        return 'uncertain';
      }
    }
    await this.o.delivery.send(attempt.address, this.digestReply(attempt.unitId, sub.locale), key);
    this.log.info('digest posted', { address: attempt.address, slot: attempt.slot, unitId: attempt.unitId, attempt: attempt.id });
    return 'sent';
  }

  /**
   * The message is out: record it. If the store cannot take it now, keep it in memory and record it on a later
   * tick; the attempt stays behind, so no one sends it again meanwhile (and after a crash, the platform is asked).
   */
  private async record(attempt: DigestAttempt, sub: Subscription, finish: Finish = this.finishOne): Promise<void> {
    const nextPosition = (attempt.position + 1) % sub.rotation.length;
    try {
      await finish({ attempt, nextPosition });
    } catch (err) {
      this.unrecorded.set(slotKey(attempt.address, attempt.slot), { attempt, nextPosition });
      this.log.warn('digest posted but not recorded yet; will record it later', { address: attempt.address, slot: attempt.slot, error: describeError(err) });
    }
  }

  private async recordUnrecorded(): Promise<void> {
    for (const [key, posted] of this.unrecorded) {
      await this.finishOne(posted);
      this.unrecorded.delete(key);
    }
  }

  /**
   * A failed send or lookup. If the message may be out (connection lost, or the attempt was a recovery), the
   * attempt is kept for the next try to reconcile; if it certainly is not, it is dropped. Then back off, or stop
   * the subscription on a permanent failure.
   */
  private async afterFailure(attempt: DigestAttempt, sub: Subscription, err: unknown, recovering: boolean, result: TickResult | undefined): Promise<void> {
    const now = this.o.clock.now();
    const permanent = err instanceof DeliveryError && err.failure === 'permanent';
    const mayBeOut = recovering || (err instanceof DeliveryError ? err.maybeDelivered : true);
    if (mayBeOut && !permanent) await this.o.store.suspendDigestAttempt(attempt, now);
    else await this.o.store.abandonDigestAttempt(attempt);
    if (!result) return; // digest now: the user is told, nothing is scheduled
    if (permanent) {
      const { reason } = err as DeliveryError;
      await this.o.store.disableSubscription(sub.address, reason, now);
      result.disabled.push(sub.address);
      this.telemetry.digest('disabled');
      this.log.warn('digest subscription disabled', { address: sub.address, reason });
      return;
    }
    const attempts = sub.attempts + 1;
    const backoff = err instanceof DeliveryError && err.retryAfterMs !== undefined ? err.retryAfterMs : Math.min(MAX_BACKOFF_MS, 60_000 * 2 ** (attempts - 1));
    await this.o.store.deferSubscription(sub.address, new Date(now.getTime() + backoff), attempts);
    result.deferred.push(sub.address);
    this.telemetry.digest('deferred');
    this.telemetry.backoff('digest');
    this.log.warn('digest delivery deferred', { address: sub.address, attempts, retryInMs: backoff, kept: mayBeOut, error: describeError(err) });
  }

  private newAttempt(sub: Subscription, slot: string): DigestAttempt {
    const now = this.o.clock.now();
    const position = sub.position % sub.rotation.length;
    return {
      address: sub.address,
      slot,
      id: randomUUID(),
      unitId: sub.rotation[position],
      position,
      owner: this.owner,
      startedAt: now,
      expiresAt: new Date(now.getTime() + (this.o.claimLeaseMs ?? 5 * 60_000)),
    };
  }

  /** The recommendation bullets for a topic (all of them without one), in document order. */
  rotationFor(topic?: string): string[] {
    const bullets = this.o.content.corpus.bullets();
    if (!topic) return bullets.map((b) => b.id);
    const ids = new Set<string>();
    for (const unit of this.o.content.find(topic)) {
      if (unit.kind === 'bullet') ids.add(unit.id);
      if (unit.kind === 'group') for (const c of unit.childIds ?? []) ids.add(c);
    }
    return bullets.filter((b) => ids.has(b.id)).map((b) => b.id);
  }

  /** The digest message: the recommendation with its group heading and reference. */
  digestReply(unitId: string, locale: Locale): Reply {
    const { corpus } = this.o.content;
    const reply = this.o.content.unitReply(unitId, locale);
    const unit = corpus.get(unitId);
    const group = unit?.parentId ? corpus.get(unit.parentId) : undefined;
    const title = `${DIGEST_MESSAGES[locale].title} · ${reply.hits[0]?.label ?? unitId}`;
    const context = group ? MESSAGES[locale].groupLine(group, group.childIds?.length ?? 0) : undefined;
    return { ...reply, kind: 'digest', title, message: context, fallbackText: `${title}\n${reply.hits[0]?.text ?? ''}` };
  }

  private async nextPostText(sub: Subscription, now: Date): Promise<string> {
    const today = localDate(now, sub.timeZone);
    const todayAt = scheduledInstant(today, sub.time, sub.timeZone);
    const pendingToday = todayAt >= sub.createdAt && !(await this.o.store.hasPosted(sub.address, today));
    const next = pendingToday ? (todayAt > now ? todayAt : now) : scheduledInstant(addDays(today, 1), sub.time, sub.timeZone);
    return `${localDateTime(next, sub.timeZone)} (${sub.timeZone})`;
  }

  private text(locale: Locale, title: string, message: string): Reply {
    const base = noticeReply(locale, message);
    return { ...base, kind: 'digest', title, message, fallbackText: `${title}: ${message}` };
  }
}

function slotKey(address: string, slot: string): string {
  return `${address} ${slot}`;
}
