import { randomUUID } from 'node:crypto';
import { Cron } from 'croner';
import type { DigestCommands, InboundMessage, SsrBot } from '../bot.js';
import type { Clock } from '../clock.js';
import type { DigestCommand } from '../commands/parse-command.js';
import { DeliveryError, type DeliveryRouter } from '../delivery/delivery-port.js';
import { describeError } from '../errors.js';
import { DIGEST_MESSAGES } from '../i18n/digest-messages.js';
import { MESSAGES } from '../i18n/messages.js';
import type { Locale, Reply } from '../reply/reply-model.js';
import type { Store, Subscription } from '../store/store.js';
import { noTelemetry, type Telemetry } from '../telemetry.js';
import { addDays, localDate, localDateTime, scheduledInstant } from './schedule.js';

/**
 * Daily recommendation digests. Delivery guarantee: for each enabled subscription, at most one digest per
 * local day, posted at or after the chosen time (or at start-up later that same day if the process was
 * down), retried after transient failures until the day is over. "Posted for date D" is recorded in the same
 * transaction that advances the rotation, right after the platform accepted the message; a database claim
 * keeps two processes on one database from sending the same day's digest.
 */
export interface DigestServiceOptions {
  bot: SsrBot;
  store: Store;
  clock: Clock;
  delivery: DeliveryRouter;
  defaultTimeZone: string;
  log?: (level: 'info' | 'warn' | 'error', message: string, extra?: Record<string, unknown>) => void;
  /** How long a claim protects a send in progress; a crashed sender's claim expires after it. */
  claimLeaseMs?: number;
  telemetry?: Telemetry;
}

export interface TickResult {
  posted: string[];
  deferred: string[];
  disabled: string[];
}

const DEFAULT_TIME = '09:00';
const MAX_BACKOFF_MS = 30 * 60_000;

export class DigestService implements DigestCommands {
  private readonly owner = randomUUID();
  private timer?: Cron;
  private readonly log: NonNullable<DigestServiceOptions['log']>;
  private readonly telemetry: Telemetry;
  /** The scheduled pass in progress, if any: stop() lets it finish its sends. */
  private running?: Promise<unknown>;

  constructor(private readonly o: DigestServiceOptions) {
    this.log = o.log ?? (() => {});
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

  async handle(command: DigestCommand, msg: InboundMessage, locale: Locale): Promise<Reply> {
    const m = DIGEST_MESSAGES[locale];
    const { bot, store, clock } = this.o;
    const now = clock.now();
    switch (command.action) {
      case 'help':
        return this.text(locale, m.statusTitle, m.help);
      case 'on': {
        if (!this.o.delivery.has(msg.address)) return bot.errorReply(locale, 'DIGEST_UNAVAILABLE', m.unavailableHere);
        const rotation = this.rotationFor(command.topic);
        if (rotation.length === 0) return bot.errorReply(locale, 'DIGEST_TOPIC', m.noTopicMatch(command.topic ?? ''));
        const existing = store.getSubscription(msg.address);
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
        store.saveSubscription(sub);
        this.log('info', 'digest subscribed', { address: sub.address, time: sub.time, timeZone: sub.timeZone, topic: sub.topic });
        return this.text(locale, m.statusTitle, m.subscribed(m.daily(sub.time, sub.timeZone), rotation.length, sub.topic, this.nextPostText(sub, now)));
      }
      case 'off':
        return this.text(locale, m.statusTitle, store.deleteSubscription(msg.address) ? m.unsubscribed : m.notSubscribed);
      case 'status': {
        const reply = await this.statusReply(msg.address, locale);
        return reply ?? this.text(locale, m.statusTitle, m.notSubscribed);
      }
      case 'now': {
        const sub = store.getSubscription(msg.address);
        if (!sub) return bot.errorReply(locale, 'DIGEST_NOT_SUBSCRIBED', m.notSubscribed);
        const unitId = sub.rotation[sub.position % sub.rotation.length];
        try {
          await this.o.delivery.send(sub.address, this.digestReply(unitId, sub.locale));
        } catch (err) {
          this.log('warn', 'digest now failed', { address: sub.address, error: describeError(err) });
          return bot.errorReply(locale, 'DELIVERY_FAILED', m.sendFailed(err instanceof DeliveryError ? err.reason : describeError(err)));
        }
        store.setPosition(sub.address, (sub.position + 1) % sub.rotation.length, now);
        return this.text(locale, m.statusTitle, m.sentNow(bot.corpus.get(unitId)?.ref ?? unitId));
      }
    }
  }

  /** The settings of one address (for "digest status" and Slack's App Home); undefined when not subscribed. */
  async statusReply(address: string, locale: Locale): Promise<Reply | undefined> {
    const sub = this.o.store.getSubscription(address);
    if (!sub) return undefined;
    const m = DIGEST_MESSAGES[locale];
    if (!sub.enabled) return this.text(locale, m.statusTitle, m.disabled(sub.disabledReason ?? 'unknown'));
    const now = this.o.clock.now();
    return this.text(locale, m.statusTitle, m.status(m.daily(sub.time, sub.timeZone), sub.topic, this.nextPostText(sub, now), sub.rotation.length, sub.position % sub.rotation.length));
  }

  /** Every subscription whose address starts with `prefix` (a Slack workspace in App Home). */
  workspaceStatus(prefix: string, locale: Locale): Reply | undefined {
    const subs = this.o.store.listSubscriptions().filter((s) => s.address.startsWith(prefix));
    if (subs.length === 0) return undefined;
    const m = DIGEST_MESSAGES[locale];
    const now = this.o.clock.now();
    const lines = subs.map((s) => {
      const where = s.address.slice(prefix.length);
      const what = s.enabled
        ? m.status(m.daily(s.time, s.timeZone), s.topic, this.nextPostText(s, now), s.rotation.length, s.position % s.rotation.length)
        : m.disabled(s.disabledReason ?? 'unknown');
      return `${where}: ${what}`;
    });
    return { ...this.text(locale, m.statusTitle, ''), message: undefined, sections: [{ title: m.statusTitle, lines }], fallbackText: `${m.statusTitle}\n${lines.join('\n')}` };
  }

  /** One scheduling pass: posts every digest that is due. One failing channel never blocks the others. */
  async tick(): Promise<TickResult> {
    const result: TickResult = { posted: [], deferred: [], disabled: [] };
    const { store, clock } = this.o;
    for (const sub of store.listSubscriptions()) {
      if (!sub.enabled) continue;
      const now = clock.now();
      const date = localDate(now, sub.timeZone);
      const at = scheduledInstant(date, sub.time, sub.timeZone);
      if (now < at || at < sub.createdAt) continue; // not yet, or subscribed after today's time
      if (sub.retryAt && sub.retryAt > now) continue;
      if (!store.claimDigest(sub.address, date, this.owner, now, this.o.claimLeaseMs ?? 5 * 60_000)) continue;
      const unitId = sub.rotation[sub.position % sub.rotation.length];
      try {
        await this.o.delivery.send(sub.address, this.digestReply(unitId, sub.locale));
      } catch (err) {
        store.releaseClaim(sub.address, date, this.owner);
        this.onFailure(sub, err, now, result);
        continue;
      }
      const recorded = store.recordDigestPost(sub.address, date, unitId, (sub.position + 1) % sub.rotation.length, this.owner, clock.now());
      if (recorded) {
        result.posted.push(sub.address);
        this.telemetry.digest('posted');
      }
      else this.log('warn', 'digest already recorded for the day', { address: sub.address, date });
      this.log('info', 'digest posted', { address: sub.address, date, unitId });
    }
    return result;
  }

  private onFailure(sub: Subscription, err: unknown, now: Date, result: TickResult): void {
    if (err instanceof DeliveryError && err.failure === 'permanent') {
      this.o.store.disableSubscription(sub.address, err.reason, now);
      result.disabled.push(sub.address);
      this.telemetry.digest('disabled');
      this.log('warn', 'digest subscription disabled', { address: sub.address, reason: err.reason });
      return;
    }
    const attempts = sub.attempts + 1;
    const backoff = err instanceof DeliveryError && err.retryAfterMs !== undefined ? err.retryAfterMs : Math.min(MAX_BACKOFF_MS, 60_000 * 2 ** (attempts - 1));
    this.o.store.deferSubscription(sub.address, new Date(now.getTime() + backoff), attempts);
    result.deferred.push(sub.address);
    this.telemetry.digest('deferred');
    this.telemetry.backoff('digest');
    this.log('warn', 'digest delivery deferred', { address: sub.address, attempts, retryInMs: backoff, error: describeError(err) });
  }

  /** The recommendation bullets for a topic (all 22 without one), in document order. */
  rotationFor(topic?: string): string[] {
    const bullets = this.o.bot.corpus.bullets();
    if (!topic) return bullets.map((b) => b.id);
    const ids = new Set<string>();
    for (const h of this.o.bot.engine.search(topic).hits) {
      if (h.unit.kind === 'bullet') ids.add(h.unit.id);
      if (h.unit.kind === 'group') for (const c of h.unit.childIds ?? []) ids.add(c);
    }
    return bullets.filter((b) => ids.has(b.id)).map((b) => b.id);
  }

  /** The digest message: the recommendation with its group heading and reference. */
  digestReply(unitId: string, locale: Locale): Reply {
    const reply = this.o.bot.unitReply(unitId, locale);
    const unit = this.o.bot.corpus.get(unitId);
    const group = unit?.parentId ? this.o.bot.corpus.get(unit.parentId) : undefined;
    const title = `${DIGEST_MESSAGES[locale].title} · ${reply.hits[0]?.label ?? unitId}`;
    const context = group ? MESSAGES[locale].groupLine(group, group.childIds?.length ?? 0) : undefined;
    return { ...reply, kind: 'digest', title, message: context, fallbackText: `${title}\n${reply.hits[0]?.text ?? ''}` };
  }

  private nextPostText(sub: Subscription, now: Date): string {
    const today = localDate(now, sub.timeZone);
    const todayAt = scheduledInstant(today, sub.time, sub.timeZone);
    const pendingToday = todayAt >= sub.createdAt && !this.o.store.hasPosted(sub.address, today);
    const next = pendingToday ? (todayAt > now ? todayAt : now) : scheduledInstant(addDays(today, 1), sub.time, sub.timeZone);
    return `${localDateTime(next, sub.timeZone)} (${sub.timeZone})`;
  }

  private text(locale: Locale, title: string, message: string): Reply {
    const base = this.o.bot.notice(locale, message);
    return { ...base, kind: 'digest', title, message, fallbackText: `${title}: ${message}` };
  }
}
