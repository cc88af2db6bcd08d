import type { Clock } from './clock.js';
import { systemClock } from './clock.js';
import { parseCommand, type Command, type DigestCommand } from './commands/parse-command.js';
import { CorpusIndex } from './corpus/corpus-index.js';
import type { LoadedCorpus } from './corpus/load-corpus.js';
import type { Unit } from './corpus/types.js';
import { describeError } from './errors.js';
import { MESSAGES, type Messages } from './i18n/messages.js';
import { chooseLocale } from './locale.js';
import { parseReference } from './references/parse-reference.js';
import { decodeAction, encodeAction } from './reply/actions.js';
import type { Locale, Reply, ReplyAction, ReplyHit } from './reply/reply-model.js';
import { makeExcerpt } from './search/excerpt.js';
import type { Range } from './search/highlight.js';
import type { QueryExpander, QueryPlan } from './search/query-plan.js';
import { SearchEngine, type RankingOptions } from './search/search-engine.js';
import type { Store } from './store/store.js';

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

  constructor(options: BotOptions) {
    this.corpus = new CorpusIndex(options.corpus);
    this.engine = new SearchEngine(this.corpus.units, { expander: options.expander, ranking: options.ranking });
    this.store = options.store;
    this.clock = options.clock ?? systemClock;
    this.defaultLocale = options.defaultLocale ?? 'zh';
    this.pageSize = options.pageSize ?? 3;
    this.digests = options.digests;
    this.log = options.log ?? (() => {});
  }

  setDigests(digests: DigestCommands): void {
    this.digests = digests;
  }

  /** Answers one chat message. Never throws: an unexpected failure becomes an error reply (and a log line). */
  async handleMessage(msg: InboundMessage): Promise<Reply> {
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

  /** Answers a button press. Unknown or tampered values get a clear reply, never an exception. */
  async handleAction(action: InboundAction): Promise<Reply> {
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
          this.store?.recordFeedback({ address: action.address, user: action.user, unitId: unit.id, query: payload.q, helpful: payload.up, at: this.clock.now() });
          return this.notice(locale, MESSAGES[locale].feedbackThanks(payload.up));
        }
      }
    } catch (err) {
      this.log('error', 'handleAction failed', { error: describeError(err), address: action.address });
      return this.errorReply(fallbackLocale, 'INTERNAL', MESSAGES[fallbackLocale].internalError);
    }
  }

  /** The help reply, also used for App Home / welcome messages. */
  help(locale: Locale, commandPrefix = ''): Reply {
    const m = MESSAGES[locale];
    const prefix = commandPrefix ? commandPrefix : '';
    const lines = m.helpCommands(prefix).map((l) => l.replace(/^ +/u, ''));
    return {
      ...this.base('help', locale),
      title: m.helpTitle,
      message: m.helpIntro,
      sections: [{ title: m.helpTitle, lines }],
      suggestions: m.helpExamples,
      fallbackText: `${m.helpTitle}\n${m.helpIntro}\n${lines.join('\n')}`,
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
        return this.errorReply(locale, command.code, invalidDigestText(command.code, command.value, locale));
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
    const result = this.engine.search(query);
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

function invalidDigestText(code: 'DIGEST_TIME' | 'DIGEST_ZONE', value: string, locale: Locale): string {
  if (code === 'DIGEST_TIME') {
    return locale === 'zh' ? `无法识别时间“${value}”。请使用 24 小时制 HH:MM，例如 digest on 09:00 Asia/Shanghai。` : `“${value}” is not a time. Use 24-hour HH:MM, e.g. digest on 09:00 Europe/Vienna.`;
  }
  return locale === 'zh'
    ? `无法识别时区“${value}”。请使用 IANA 时区名，例如 Asia/Shanghai、Europe/Vienna 或 UTC。`
    : `“${value}” is not a time zone. Use an IANA name such as Europe/Vienna, America/New_York or UTC.`;
}

export type { Messages };
