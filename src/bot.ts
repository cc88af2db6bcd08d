import { Answers, MAX_QUERY_CHARS } from './answering/answers.js';
import type { Clock } from './clock.js';
import { systemClock } from './clock.js';
import { Guide } from './commands/guide.js';
import { silentLogger, type Logger } from './logger.js';
import { parseCommand, type Command, type InvalidCommand } from './commands/parse-command.js';
import { BotError, describeError } from './errors.js';
import { DIGEST_MESSAGES } from './i18n/digest-messages.js';
import { MESSAGES } from './i18n/messages.js';
import type { DigestCommands, InboundAction, InboundMessage } from './inbound.js';
import { chooseLocale } from './locale.js';
import { decodeAction } from './reply/actions.js';
import { errorReply, noticeReply } from './reply/replies.js';
import type { Locale, Reply } from './reply/reply-model.js';
import type { Store } from './store/store.js';
import { noTelemetry, outcomeOf, type RequestRecord, type Telemetry } from './telemetry.js';

export type { DigestCommands, InboundAction, InboundMessage };

export interface BotOptions {
  answers: Answers;
  store?: Store;
  clock?: Clock;
  defaultLocale?: Locale;
  digests?: DigestCommands;
  log?: Logger;
  telemetry?: Telemetry;
}

/**
 * The core's front door: turns an inbound message or button press into a reply by routing it to answering
 * (search, references), the guide (help, list, welcome) or the digest commands. Never throws.
 */
export class SsrBot {
  readonly answers: Answers;
  readonly guide: Guide;
  readonly defaultLocale: Locale;
  private readonly store?: Store;
  private readonly clock: Clock;
  private readonly digests?: DigestCommands;
  private readonly log: Logger;
  private readonly telemetry: Telemetry;

  /** The conversations' last languages when there is no store. */
  private readonly lastLanguage = new Map<string, Locale>();
  private readonly documentNames: ReadonlySet<string>;

  constructor(options: BotOptions) {
    this.answers = options.answers;
    this.documentNames = new Set(options.answers.corpus.documents.flatMap((d) => [d.id.toLowerCase(), d.short.toLowerCase()]));
    this.store = options.store;
    this.clock = options.clock ?? systemClock;
    this.defaultLocale = options.defaultLocale ?? 'zh';
    this.digests = options.digests;
    this.log = options.log ?? silentLogger;
    this.telemetry = options.telemetry ?? noTelemetry;
    const corpus = this.answers.corpus;
    this.guide = new Guide({
      groups: (locale) => corpus.groups().map((g) => corpus.inLanguage(g, locale) ?? g),
      documentName: (u) => (corpus.documents.length > 1 ? corpus.documentOf(u).short : undefined),
      documents: (locale) => corpus.documents.map((d) => `${d.short} — ${d.titles[locale] ?? d.meta.title}`),
      titles: (locale) => corpus.documents.map((d) => d.titles[locale] ?? d.meta.title),
      shape: () => corpus.shape(),
      defaultLocale: this.defaultLocale, clock: this.clock, log: this.log, store: this.store });
  }

  get corpus() {
    return this.answers.corpus;
  }

  get engine() {
    return this.answers.engine;
  }

  /** Answers one chat message. Never throws: an unexpected failure becomes an error reply (and a log line). */
  async handleMessage(msg: InboundMessage): Promise<Reply> {
    const started = performance.now();
    const reply = await this.replyToMessage(msg);
    this.record('message', msg.address, msg.text, reply, started);
    return reply;
  }

  /** Answers a button press. Unknown or tampered values get a clear reply, never an exception. */
  async handleAction(action: InboundAction): Promise<Reply> {
    const started = performance.now();
    const reply = await this.replyToAction(action);
    this.record('action', action.address, action.value, reply, started);
    return reply;
  }

  /**
   * The entry point for search surfaces (a message extension and anything like it): an exact reference or a
   * ranked search, never a command, so nothing typed there changes state — `digest on 09:00 UTC` is only
   * searched for. Empty text lists the recommendation groups. Never throws. `address` (the conversation, when
   * there is one) only names the platform in telemetry.
   */
  search(query: { text: string; locale?: string; address?: string }): Reply {
    const started = performance.now();
    const reply = this.searchReply(query);
    this.record('search', query.address ?? '', query.text, reply, started);
    return reply;
  }

  help(locale: Locale, commandPrefix = ''): Reply {
    return this.guide.help(locale, commandPrefix);
  }

  tableOfContents(locale: Locale): Reply {
    return this.guide.tableOfContents(locale);
  }

  welcome(msg: { address: string; locale?: string; commandPrefix?: string }): Promise<Reply | undefined> {
    return this.guide.welcome(msg);
  }

  forgetWelcome(address: string): Promise<void> {
    return this.guide.forgetWelcome(address);
  }

  answer(query: string, locale: Locale, offset: number): Reply {
    return this.answers.answer(query, locale, offset);
  }

  unitReply(id: string, locale: Locale): Reply {
    return this.answers.unitReply(id, locale);
  }

  groupsOverview(locale: Locale): Reply {
    return this.answers.groupsOverview(locale);
  }

  /**
   * The language rule (src/locale.ts). Each conversation's last language is kept in the store (so it survives
   * a restart), or in memory without one; a store failure only loses that fallback (logged), never the reply.
   * The write is not awaited: an unlocked store has it done before the reply, a locked one retries it in the
   * background instead of holding the reply for its lock wait. `last` is read once per turn (lastLanguageOf);
   * the result is remembered unless `remember` is false.
   */
  private settleLocale(text: string, platformLocale: string | undefined, address: string, last: Locale | undefined, remember = true): Locale {
    const locale = chooseLocale(text, platformLocale, this.defaultLocale, last, this.documentNames);
    if (address && remember && locale !== last) void this.rememberLanguage(address, locale);
    return locale;
  }

  private async lastLanguageOf(address: string): Promise<Locale | undefined> {
    if (!this.store) return this.lastLanguage.get(address);
    try {
      return await this.store.conversationLanguage(address);
    } catch (err) {
      this.log.warn('conversation language not read', { error: describeError(err), address });
      return undefined;
    }
  }

  private async rememberLanguage(address: string, locale: Locale): Promise<void> {
    if (!this.store) {
      this.lastLanguage.delete(address);
      this.lastLanguage.set(address, locale);
      // Bounded: the oldest conversation is forgotten first.
      if (this.lastLanguage.size > MAX_REMEMBERED_CONVERSATIONS) this.lastLanguage.delete(this.lastLanguage.keys().next().value!);
      return;
    }
    try {
      await this.store.setConversationLanguage(address, locale, this.clock.now());
    } catch (err) {
      this.log.warn('conversation language not saved', { error: describeError(err), address });
    }
  }

  /** The apology for a turn an adapter could not finish (the failure itself is logged where it happened). */
  failed(platformLocale?: string): Reply {
    const locale = chooseLocale('', platformLocale, this.defaultLocale);
    return errorReply(locale, 'INTERNAL', MESSAGES[locale].internalError);
  }

  private record(source: RequestRecord['source'], address: string, text: unknown, reply: Reply, started: number): void {
    const platform = address.slice(0, Math.max(0, address.indexOf(':'))) || 'unknown';
    const ms = performance.now() - started;
    this.telemetry.request({ platform, source, kind: reply.kind, outcome: outcomeOf(reply), ms, hits: reply.total, code: reply.code, text: typeof text === 'string' ? text : '' });
  }

  private async replyToMessage(msg: InboundMessage): Promise<Reply> {
    const raw = typeof msg.text === 'string' ? msg.text : '';
    const last = await this.lastLanguageOf(msg.address);
    const locale = this.settleLocale(raw, msg.locale, msg.address, last, false);
    try {
      const { text, notice } = capQuery(raw, locale);
      const command = parseCommand(text);
      // A deliberate exception to "the message's words decide": `digest on/off/status/now` are grammar, typed in
      // English by Chinese and English readers alike, so they are no language signal (else every `digest on 09:00
      // Asia/Shanghai` in a Chinese workspace would turn English). `lang en|zh` decides, else the topic's words,
      // the platform, the conversation and BOT_LOCALE; the subscription posts in that language, and its
      // status/off/now replies follow it (digest-service.ts).
      const on = command.type === 'digest' && command.digest.action === 'on' ? command.digest : undefined;
      const fromTopic = !on?.lang && (command.type === 'digest' || command.type === 'invalid');
      const replyLocale = on?.lang ?? (fromTopic ? this.settleLocale(on?.topic ?? '', msg.locale, msg.address, last) : locale);
      // The message's own language is remembered when the reply speaks it (the topic's was, just above).
      if (replyLocale === locale && !fromTopic) this.settleLocale(raw, msg.locale, msg.address, last);
      const reply = await this.dispatch(command, msg, replyLocale);
      if (notice) reply.message = reply.message ? `${notice}\n${reply.message}` : notice;
      return reply;
    } catch (err) {
      this.log.error('handleMessage failed', { error: describeError(err), address: msg.address });
      return errorReply(locale, 'INTERNAL', MESSAGES[locale].internalError);
    }
  }

  private searchReply(query: { text: string; locale?: string }): Reply {
    const raw = typeof query.text === 'string' ? query.text : '';
    const locale = chooseLocale(raw, query.locale, this.defaultLocale, undefined, this.documentNames);
    try {
      const { text, notice } = capQuery(raw, locale);
      if (!text) return this.answers.groupsOverview(locale);
      const reply = this.answers.answer(text, locale, 0);
      if (notice) reply.message = reply.message ? `${notice}\n${reply.message}` : notice;
      return reply;
    } catch (err) {
      this.log.error('search failed', { error: describeError(err) });
      return errorReply(locale, 'INTERNAL', MESSAGES[locale].internalError);
    }
  }

  private async replyToAction(action: InboundAction): Promise<Reply> {
    const payload = decodeAction(action.value);
    const last = await this.lastLanguageOf(action.address);
    const fallbackLocale = this.settleLocale('', action.locale, action.address, last);
    if (!payload) return errorReply(fallbackLocale, 'ACTION_INVALID', MESSAGES[fallbackLocale].unknownAction);
    try {
      switch (payload.a) {
        case 'full':
          return this.answers.unitReply(payload.id, payload.l, payload.q ?? '', payload.v);
        case 'more':
          return this.answers.answer(payload.q, payload.l, payload.o);
        case 'fb': {
          const unit = this.answers.corpus.get(payload.id);
          // The conversation's language is now the fallback's (remembered just above), as the rule reads it.
          const locale = this.settleLocale(payload.q, action.locale, action.address, fallbackLocale);
          if (!unit) return errorReply(locale, 'ACTION_INVALID', MESSAGES[locale].expiredAction);
          try {
            await this.store?.recordFeedback({ address: action.address, user: action.user, unitId: unit.id, query: payload.q, helpful: payload.up, at: this.clock.now() });
          } catch (err) {
            this.log.warn('feedback not saved', { error: describeError(err), address: action.address });
            return errorReply(locale, err instanceof BotError ? err.code : 'STORE_FAILED', MESSAGES[locale].feedbackNotSaved);
          }
          return noticeReply(locale, MESSAGES[locale].feedbackThanks(payload.up));
        }
      }
    } catch (err) {
      this.log.error('handleAction failed', { error: describeError(err), address: action.address });
      return errorReply(fallbackLocale, 'INTERNAL', MESSAGES[fallbackLocale].internalError);
    }
  }

  private async dispatch(command: Command, msg: InboundMessage, locale: Locale): Promise<Reply> {
    switch (command.type) {
      case 'help':
        return this.guide.help(locale, msg.commandPrefix);
      case 'list':
        return this.guide.tableOfContents(locale);
      case 'digest':
        if (!this.digests) return errorReply(locale, 'DIGEST_UNAVAILABLE', locale === 'zh' ? '此部署未启用每日建议推送。' : 'Daily digests are not enabled in this deployment.');
        return this.digests.handle(command.digest, msg, locale);
      case 'invalid':
        return invalidDigestReply(command, locale);
      case 'query':
        return this.answers.answer(command.text, locale, 0);
    }
  }
}

const MAX_REMEMBERED_CONVERSATIONS = 10_000;

function capQuery(raw: string, locale: Locale): { text: string; notice?: string } {
  const chars = Array.from(raw.trim());
  if (chars.length <= MAX_QUERY_CHARS) return { text: raw.trim() };
  return { text: chars.slice(0, MAX_QUERY_CHARS).join(''), notice: MESSAGES[locale].queryTooLong(MAX_QUERY_CHARS) };
}

/** A `digest on` the grammar could not take: says how to write it; an ambiguous zone lists commands to copy. */
function invalidDigestReply(command: InvalidCommand, locale: Locale): Reply {
  const m = DIGEST_MESSAGES[locale];
  if (command.code !== 'DIGEST_ZONE_AMBIGUOUS') {
    const text = command.code === 'DIGEST_TIME' ? m.invalidTime(command.value) : command.code === 'DIGEST_LANG' ? m.invalidLang(command.value) : m.invalidZone(command.value);
    return errorReply(locale, command.code, text);
  }
  const examples = command.choices.map((zone) => ['digest on', command.time ?? '09:00', zone, command.topic].filter(Boolean).join(' '));
  return { ...errorReply(locale, command.code, m.ambiguousZone(command.value, command.choices, examples)), suggestions: examples };
}
