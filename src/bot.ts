import type { Clock } from './clock.js';
import { systemClock } from './clock.js';
import { parseCommand, type Command, type DigestCommand, type InvalidCommand } from './commands/parse-command.js';
import { CorpusIndex } from './corpus/corpus-index.js';
import type { LoadedCorpus } from './corpus/load-corpus.js';
import type { Unit } from './corpus/types.js';
import { BotError, describeError } from './errors.js';
import { DIGEST_MESSAGES } from './i18n/digest-messages.js';
import { MESSAGES, type Messages } from './i18n/messages.js';
import { chooseLocale, toLocale } from './locale.js';
import { parseReference } from './references/parse-reference.js';
import { decodeAction, encodeAction } from './reply/actions.js';
import type { Locale, Reply, ReplyAction, ReplyHit } from './reply/reply-model.js';
import { makeExcerpt } from './search/excerpt.js';
import type { Range } from './search/highlight.js';
import type { QueryExpander, QueryPlan } from './search/query-plan.js';
import { SearchEngine, type RankingOptions } from './search/search-engine.js';
import type { Store } from './store/store.js';
import { noTelemetry, outcomeOf, type RequestRecord, type Telemetry } from './telemetry.js';

/** A message as every adapter hands it to the core. */
export interface InboundMessage {
  /** Adapter-prefixed conversation address: "slack:T1:C7", "teams:<conversation id>", "web:<session>". */
  address: string;
  user: string;
  text: string;
  /** The user's or workspace's locale as the platform reports it ("en-US", "zh-CN"). */
  locale?: string;
  isDirect: boolean;
  /** How the user invokes the bot on this platform, for help texts: "/ssr", "@ssr-bot". */
  commandPrefix?: string;
}

/** A button press: `value` is the opaque string the core put on the button. */
export interface InboundAction {
  address: string;
  user: string;
  value: string;
  locale?: string;
}

/** The digest feature plugs in here (digest issue); without it digest commands say they are unavailable. */
export interface DigestCommands {
  handle(command: DigestCommand, msg: InboundMessage, locale: Locale): Promise<Reply>;
}

export interface BotOptions {
  corpus: LoadedCorpus;
  store?: Store;
  clock?: Clock;
  defaultLocale?: Locale;
  expander?: QueryExpander;
  ranking?: Partial<RankingOptions>;
  /** Hits per page in chat replies. */
  pageSize?: number;
  digests?: DigestCommands;
  log?: (level: 'info' | 'warn' | 'error', message: string, extra?: Record<string, unknown>) => void;
  telemetry?: Telemetry;
}

/** Questions longer than this are cut (and the reply says so): keeps button payloads and search time bounded. */
export const MAX_QUERY_CHARS = 500;
const REFERENCE_EXCERPT_CHARS = 600;

export class SsrBot {
  readonly corpus: CorpusIndex;
  readonly engine: SearchEngine;
  private readonly store?: Store;
  private readonly clock: Clock;
  readonly defaultLocale: Locale;
  private readonly pageSize: number;
  private digests?: DigestCommands;
  private readonly log: NonNullable<BotOptions['log']>;
  private readonly telemetry: Telemetry;

  constructor(options: BotOptions) {
    this.corpus = new CorpusIndex(options.corpus);
    this.engine = new SearchEngine(this.corpus.units, { expander: options.expander, ranking: options.ranking });
    this.store = options.store;
    this.clock = options.clock ?? systemClock;
    this.defaultLocale = options.defaultLocale ?? 'zh';
    this.pageSize = options.pageSize ?? 3;
    this.digests = options.digests;
    this.log = options.log ?? (() => {});
    this.telemetry = options.telemetry ?? noTelemetry;
  }

  setDigests(digests: DigestCommands): void {
    this.digests = digests;
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

  private record(source: RequestRecord['source'], address: string, text: unknown, reply: Reply, started: number): void {
    const platform = address.slice(0, Math.max(0, address.indexOf(':'))) || 'unknown';
    const ms = performance.now() - started;
    this.telemetry.request({ platform, source, kind: reply.kind, outcome: outcomeOf(reply), ms, hits: reply.total, code: reply.code, text: typeof text === 'string' ? text : '' });
  }

  private async replyToMessage(msg: InboundMessage): Promise<Reply> {
    const raw = typeof msg.text === 'string' ? msg.text : '';
    const locale = chooseLocale(raw, msg.locale, this.defaultLocale);
    try {
      const { text, notice } = this.capQuery(raw, locale);
      const command = parseCommand(text);
      // "digest on …" is English whatever the user speaks: its language comes from the topic, else the platform.
      const replyLocale = command.type === 'digest' || command.type === 'invalid' ? chooseLocale(command.type === 'digest' && command.digest.action === 'on' ? command.digest.topic ?? '' : '', msg.locale, this.defaultLocale) : locale;
      const reply = await this.dispatch(command, msg, replyLocale);
      if (notice) reply.message = reply.message ? `${notice}\n${reply.message}` : notice;
      return reply;
    } catch (err) {
      this.log('error', 'handleMessage failed', { error: describeError(err), address: msg.address });
      return this.errorReply(locale, 'INTERNAL', MESSAGES[locale].internalError);
    }
  }

  /**
   * The entry point for search surfaces (the Teams message extension and anything like it): an exact reference
   * or a ranked search, never a command, so nothing typed there changes state — `digest on 09:00 UTC` is only
   * searched for. Empty text lists the recommendation groups. Never throws. `address` (the conversation, when
   * there is one) only names the platform in telemetry.
   */
  search(query: { text: string; locale?: string; address?: string }): Reply {
    const started = performance.now();
    const reply = this.searchReply(query);
    this.record('search', query.address ?? '', query.text, reply, started);
    return reply;
  }

  private searchReply(query: { text: string; locale?: string }): Reply {
    const raw = typeof query.text === 'string' ? query.text : '';
    const locale = chooseLocale(raw, query.locale, this.defaultLocale);
    try {
      const { text, notice } = this.capQuery(raw, locale);
      if (!text) return this.groupsOverview(locale);
      const reply = this.answer(text, locale, 0);
      if (notice) reply.message = reply.message ? `${notice}\n${reply.message}` : notice;
      return reply;
    } catch (err) {
      this.log('error', 'search failed', { error: describeError(err) });
      return this.errorReply(locale, 'INTERNAL', MESSAGES[locale].internalError);
    }
  }

  private async replyToAction(action: InboundAction): Promise<Reply> {
    const payload = decodeAction(action.value);
    const fallbackLocale = chooseLocale('', action.locale, this.defaultLocale);
    if (!payload) return this.errorReply(fallbackLocale, 'ACTION_INVALID', MESSAGES[fallbackLocale].unknownAction);
    try {
      switch (payload.a) {
        case 'full': {
          const unit = this.corpus.get(payload.id);
          if (!unit) return this.errorReply(payload.l, 'ACTION_INVALID', MESSAGES[payload.l].expiredAction);
          return this.referenceReply([unit], payload.l, payload.q ?? '', MESSAGES[payload.l].unitLabel(unit), Number.POSITIVE_INFINITY);
        }
        case 'more':
        case 'share':
          return this.answer(payload.q, payload.l, payload.o);
        case 'fb': {
          const unit = this.corpus.get(payload.id);
          const locale = chooseLocale(payload.q, action.locale, this.defaultLocale);
          if (!unit) return this.errorReply(locale, 'ACTION_INVALID', MESSAGES[locale].expiredAction);
          try {
            await this.store?.recordFeedback({ address: action.address, user: action.user, unitId: unit.id, query: payload.q, helpful: payload.up, at: this.clock.now() });
          } catch (err) {
            this.log('warn', 'feedback not saved', { error: describeError(err), address: action.address });
            return this.errorReply(locale, err instanceof BotError ? err.code : 'STORE_FAILED', MESSAGES[locale].feedbackNotSaved);
          }
          return this.notice(locale, MESSAGES[locale].feedbackThanks(payload.up));
        }
      }
    } catch (err) {
      this.log('error', 'handleAction failed', { error: describeError(err), address: action.address });
      return this.errorReply(fallbackLocale, 'INTERNAL', MESSAGES[fallbackLocale].internalError);
    }
  }

  /** The help reply, also used for App Home. */
  help(locale: Locale, commandPrefix = ''): Reply {
    return this.helpReply(locale, commandPrefix, MESSAGES[locale].helpTitle);
  }

  /**
   * The welcome for a conversation the bot was just added to — once per conversation (the store remembers), so
   * undefined when it was already welcomed. Language: the locale the event carries, then the last one known for
   * the conversation, then BOT_LOCALE. If it cannot be delivered, call forgetWelcome so the next event retries.
   */
  async welcome(msg: { address: string; locale?: string; commandPrefix?: string }): Promise<Reply | undefined> {
    let stored: string | undefined;
    if (this.store) {
      try {
        if (!(await this.store.markWelcomed(msg.address, this.clock.now()))) return undefined;
        stored = (await this.store.getConversation(msg.address))?.locale;
      } catch (err) {
        // Unrecorded, a welcome may come twice; unsent, it never comes: welcome anyway.
        this.log('warn', 'welcome not recorded', { address: msg.address, error: describeError(err) });
      }
    }
    const locale = toLocale(msg.locale) ?? toLocale(stored) ?? this.defaultLocale;
    return this.helpReply(locale, msg.commandPrefix ?? '', MESSAGES[locale].welcomeTitle);
  }

  async forgetWelcome(address: string): Promise<void> {
    try {
      await this.store?.forgetWelcome(address);
    } catch (err) {
      this.log('warn', 'welcome not forgotten', { address, error: describeError(err) });
    }
  }

  private helpReply(locale: Locale, commandPrefix: string, title: string): Reply {
    const m = MESSAGES[locale];
    const lines = m.helpCommands(commandPrefix);
    return {
      ...this.base('help', locale),
      title,
      message: m.helpIntro,
      sections: [{ title: m.commandsTitle, lines }],
      suggestions: m.helpExamples,
      fallbackText: `${title}\n${m.helpIntro}\n${lines.join('\n')}`,
    };
  }

  /** One unit by id, in full (message-extension selections, deep links); an error reply when it does not exist. */
  unitReply(id: string, locale: Locale): Reply {
    const unit = this.corpus.get(id);
    if (!unit) return this.errorReply(locale, 'ACTION_INVALID', MESSAGES[locale].expiredAction);
    return this.referenceReply([unit], locale, '', MESSAGES[locale].unitLabel(unit), Number.POSITIVE_INFINITY);
  }

  /** The recommendation groups (a)–(j) as hits, for pickers such as the Teams message extension's first page. */
  groupsOverview(locale: Locale): Reply {
    const m = MESSAGES[locale];
    const groups = this.corpus.groups();
    const hits = groups.map((g) => ({ ...this.toHit(g, [], 1, locale, undefined, 80) }));
    return { ...this.base('list', locale), title: m.listTitle, hits, total: hits.length, actions: this.hitActions(hits, locale, ''), fallbackText: fallback(m.listTitle, hits) };
  }

  /** Table of contents of recommendation groups (a)–(j), under their sub-headings. */
  tableOfContents(locale: Locale): Reply {
    const m = MESSAGES[locale];
    const sections: { title: string; lines: string[] }[] = [];
    for (const g of this.corpus.groups()) {
      const title = g.path[g.path.length - 1] ?? '';
      let section = sections[sections.length - 1];
      if (!section || section.title !== title) {
        section = { title, lines: [] };
        sections.push(section);
      }
      section.lines.push(m.groupLine(g, g.childIds?.length ?? 0));
    }
    return {
      ...this.base('list', locale),
      title: m.listTitle,
      sections,
      suggestions: this.corpus.groups().map((g) => g.ref),
      fallbackText: `${m.listTitle}\n${sections.map((s) => `${s.title}\n${s.lines.join('\n')}`).join('\n')}`,
    };
  }

  private async dispatch(command: Command, msg: InboundMessage, locale: Locale): Promise<Reply> {
    switch (command.type) {
      case 'help':
        return this.help(locale, msg.commandPrefix);
      case 'list':
        return this.tableOfContents(locale);
      case 'digest':
        if (!this.digests) return this.errorReply(locale, 'DIGEST_UNAVAILABLE', locale === 'zh' ? '此部署未启用每日建议推送。' : 'Daily digests are not enabled in this deployment.');
        return this.digests.handle(command.digest, msg, locale);
      case 'invalid':
        return this.invalidDigestReply(command, locale);
      case 'query':
        return this.answer(command.text, locale, 0);
    }
  }

  /** A question or a reference, with paging. */
  answer(query: string, locale: Locale, offset: number): Reply {
    const m = MESSAGES[locale];
    const ref = parseReference(query);
    if (ref) {
      const units = this.corpus.resolve(ref.ref);
      if (units.length) return this.referenceReply(units, locale, query, m.unitLabel(units[0]), REFERENCE_EXCERPT_CHARS);
      if (ref.whole) {
        return {
          ...this.base('error', locale),
          code: 'REFERENCE_NOT_FOUND',
          query,
          title: m.referenceNotFound(ref.matched),
          message: m.referenceNotFoundMessage,
          suggestions: ['13(d)', '8', locale === 'zh' ? '目录' : 'list'],
          fallbackText: `${m.referenceNotFound(ref.matched)}. ${m.referenceNotFoundMessage}`,
        };
      }
    }
    const searchStarted = performance.now();
    const result = this.engine.search(query);
    this.telemetry.search(performance.now() - searchStarted);
    if (result.hits.length === 0) {
      const empty = result.plan.terms.size === 0;
      return {
        ...this.base('answer', locale),
        query,
        title: m.noMatchTitle(query),
        message: empty ? `${m.emptyAfterCleanup} ${m.noMatchMessage}` : m.noMatchMessage,
        suggestions: m.defaultSuggestions,
        fallbackText: `${m.noMatchTitle(query)}. ${m.noMatchMessage}`,
      };
    }
    // The title counts the strong matches only; "More results" still pages on into the weaker rest.
    const total = result.strong;
    const start = Math.min(offset, Math.max(0, result.hits.length - 1));
    const page = result.hits.slice(start, start + this.pageSize);
    const hits = page.map((h) => this.toHit(h.unit, h.highlights, h.score, locale, result.plan, undefined, h.focus));
    const actions = this.hitActions(hits, locale, query);
    if (start + this.pageSize < result.hits.length) {
      actions.push({ kind: 'more', label: m.labels.moreResults, value: encodeAction({ a: 'more', q: query, o: start + this.pageSize, l: locale }) });
    }
    actions.push({ kind: 'share', label: m.labels.share, value: encodeAction({ a: 'share', q: query, o: start, l: locale }) });
    const title = m.answerTitle(query, total);
    return {
      ...this.base('answer', locale),
      query,
      title,
      message: result.hits.length > this.pageSize ? m.moreSummary(start + 1, start + page.length, total, result.hits.length) : undefined,
      hits,
      total,
      offset: start,
      actions,
      fallbackText: fallback(title, hits),
    };
  }

  private referenceReply(units: Unit[], locale: Locale, query: string, title: string, excerptChars: number): Reply {
    const m = MESSAGES[locale];
    const hits = units.map((u) => {
      const highlights = query ? this.engine.highlight(u, query) : [];
      return this.toHit(u, highlights, 1, locale, undefined, excerptChars);
    });
    return {
      ...this.base('reference', locale),
      query: query || undefined,
      title: m.referenceTitle(title),
      hits,
      total: hits.length,
      actions: this.hitActions(hits, locale, query),
      fallbackText: fallback(m.referenceTitle(title), hits),
    };
  }

  private toHit(unit: Unit, highlights: Range[], score: number, locale: Locale, plan?: QueryPlan, excerptChars?: number, focus?: Range): ReplyHit {
    const m = MESSAGES[locale];
    const excerpt = makeExcerpt(unit.text, highlights, excerptChars, focus);
    const parent = unit.parentId ? this.corpus.get(unit.parentId) : undefined;
    const unitNorm = this.engine.normalizedText(unit);
    return {
      id: unit.id,
      ref: unit.ref,
      label: m.unitLabel(unit),
      path: parent ? [...parent.path, `(${parent.letter})`] : unit.path,
      excerpt: excerpt.text,
      highlights: excerpt.highlights,
      text: unit.text,
      textHighlights: highlights,
      score,
      matchedTerms: (plan?.matched ?? []).filter((x) => x.phrases.some((p) => unitNorm.includes(p))).map((x) => x.label),
    };
  }

  private hitActions(hits: ReplyHit[], locale: Locale, query: string): ReplyAction[] {
    const m = MESSAGES[locale];
    const q = query.slice(0, MAX_QUERY_CHARS);
    return hits.flatMap((h) => [
      ...(h.excerpt !== h.text ? [{ kind: 'full' as const, label: m.labels.fullText, hitId: h.id, value: encodeAction({ a: 'full', id: h.id, l: locale, q }) }] : []),
      { kind: 'feedback' as const, label: m.labels.helpful, hitId: h.id, style: 'primary' as const, value: encodeAction({ a: 'fb', id: h.id, up: true, q }) },
      { kind: 'feedback' as const, label: m.labels.notHelpful, hitId: h.id, value: encodeAction({ a: 'fb', id: h.id, up: false, q }) },
    ]);
  }

  private capQuery(raw: string, locale: Locale): { text: string; notice?: string } {
    const chars = Array.from(raw.trim());
    if (chars.length <= MAX_QUERY_CHARS) return { text: raw.trim() };
    return { text: chars.slice(0, MAX_QUERY_CHARS).join(''), notice: MESSAGES[locale].queryTooLong(MAX_QUERY_CHARS) };
  }

  /** A `digest on` the grammar could not take: says how to write it; an ambiguous zone lists commands to copy. */
  private invalidDigestReply(command: InvalidCommand, locale: Locale): Reply {
    const m = DIGEST_MESSAGES[locale];
    if (command.code !== 'DIGEST_ZONE_AMBIGUOUS') {
      return this.errorReply(locale, command.code, command.code === 'DIGEST_TIME' ? m.invalidTime(command.value) : m.invalidZone(command.value));
    }
    const examples = command.choices.map((zone) => ['digest on', command.time ?? '09:00', zone, command.topic].filter(Boolean).join(' '));
    return { ...this.errorReply(locale, command.code, m.ambiguousZone(command.value, command.choices, examples)), suggestions: examples };
  }

  notice(locale: Locale, text: string): Reply {
    return { ...this.base('notice', locale), title: text, message: text, fallbackText: text };
  }

  errorReply(locale: Locale, code: string, text: string): Reply {
    return { ...this.base('error', locale), code, title: text, message: text, fallbackText: text };
  }

  private base(kind: Reply['kind'], locale: Locale): Reply {
    return { kind, locale, title: '', hits: [], total: 0, offset: 0, actions: [], suggestions: [], fallbackText: '', labels: MESSAGES[locale].labels };
  }
}

function fallback(title: string, hits: ReplyHit[]): string {
  return [title, ...hits.map((h) => `${h.label}: ${h.excerpt}`)].join('\n');
}

export type { Messages };
