import { LRUCache } from 'lru-cache';
import { CorpusIndex } from '../corpus/corpus-index.js';
import { searchVersions, type VersionHit } from './search-versions.js';
import type { LoadedCorpus } from '../corpus/load-corpus.js';
import type { Unit } from '../corpus/types.js';
import { MESSAGES } from '../i18n/messages.js';
import { parseReference } from '../references/parse-reference.js';
import { encodeAction } from '../reply/actions.js';
import { baseReply, errorReply, hitsFallback } from '../reply/replies.js';
import type { Locale, Reply, ReplyAction, ReplyHit } from '../reply/reply-model.js';
import { makeExcerpt } from '../search/excerpt.js';
import type { Range } from '../search/highlight.js';
import type { QueryExpander, QueryPlan } from '../search/query-plan.js';
import { SearchEngine, type RankingOptions } from '../search/search-engine.js';
import { noTelemetry, type Telemetry } from '../telemetry.js';

export interface AnswersOptions {
  corpus: LoadedCorpus;
  expander?: QueryExpander;
  ranking?: Partial<RankingOptions>;
  /** Hits per page in chat replies. */
  pageSize?: number;
  telemetry?: Telemetry;
  /** Id or short name of the document unqualified references mean (DEFAULT_DOCUMENT). */
  defaultDocument?: string;
  /** Searches, and replies, kept for questions asked again (0: none; benchmarks time the search itself). */
  keptAnswers?: number;
}

export interface SearchOutcome {
  hits: VersionHit[];
  plan: QueryPlan;
  empty: boolean;
  strong: number;
}

/** Questions longer than this are cut (and the reply says so): keeps button payloads and search time bounded. */
export const MAX_QUERY_CHARS = 500;
const REFERENCE_EXCERPT_CHARS = 600;
/**
 * Recent searches and the replies made from them are kept: "More results" runs the question again for every page,
 * and people in one organisation ask the same questions. The corpus does not change while the bot runs, so neither
 * goes stale; a few hundred of each take a few megabytes. A kept reply is frozen and handed out as a shallow copy:
 * the caller may set its own `message` (a notice), and nothing can change what the next asker gets.
 */
const KEPT_ANSWERS = 300;

/** Answering: ranked search and exact references over the corpus, as reply models. Knows no command and no store. */
export class Answers {
  readonly corpus: CorpusIndex;
  /** Over every document's original text. */
  readonly engine: SearchEngine;
  /** Over the translations, one engine per language. */
  readonly translationEngines = new Map<string, SearchEngine>();
  private readonly pageSize: number;
  private readonly telemetry: Telemetry;
  private readonly recentSearches?: LRUCache<string, SearchOutcome>;
  private readonly recentReplies?: LRUCache<string, Reply>;

  constructor(options: AnswersOptions) {
    this.corpus = new CorpusIndex(options.corpus, options.defaultDocument);
    const askings = (u: Unit) => this.corpus.version(u, u.lang)?.askings?.get(u.ref);
    this.engine = new SearchEngine(this.corpus.units, { expander: options.expander, ranking: options.ranking, askings });
    const translations = this.corpus.allVersionUnits().filter((u) => u.lang !== this.corpus.documentOf(u).meta.language);
    for (const lang of new Set(translations.map((u) => u.lang))) {
      this.translationEngines.set(lang, new SearchEngine(translations.filter((u) => u.lang === lang), { expander: options.expander, ranking: options.ranking, askings }));
    }
    this.pageSize = options.pageSize ?? 3;
    this.telemetry = options.telemetry ?? noTelemetry;
    const kept = options.keptAnswers ?? KEPT_ANSWERS;
    if (kept > 0) {
      this.recentSearches = new LRUCache({ max: kept });
      this.recentReplies = new LRUCache({ max: kept });
    }
  }

  /** A question or a reference, with paging. */
  answer(query: string, locale: Locale, offset: number): Reply {
    const key = `${locale}\u0000${offset}\u0000${query}`;
    let reply = this.recentReplies?.get(key);
    if (!reply) {
      reply = this.answerRanked(query, locale, offset).reply;
      if (this.recentReplies) this.recentReplies.set(key, deepFreeze(reply));
    }
    return { ...reply };
  }

  /** The answer and, for a question, the engine's whole ranking behind it (the CLI and evaluation page past the reply). */
  answerRanked(query: string, locale: Locale, offset: number): { reply: Reply; ranking?: VersionHit[]; plan?: QueryPlan } {
    const m = MESSAGES[locale];
    const { doc, rest } = this.corpus.qualifier(query);
    const ref = parseReference(rest);
    if (ref) {
      const units = this.corpus.resolve(ref.ref, doc);
      if (units.length) return { reply: this.referenceReply(units, locale, query, this.label(units[0], locale), REFERENCE_EXCERPT_CHARS) };
      if (ref.whole) {
        const reply: Reply = {
          ...baseReply('error', locale),
          code: 'REFERENCE_NOT_FOUND',
          query,
          title: m.referenceNotFound(ref.matched),
          message: m.referenceNotFoundMessage(this.corpus.shape()),
          suggestions: ['13(d)', '8', locale === 'zh' ? '目录' : 'list'],
          fallbackText: `${m.referenceNotFound(ref.matched)}. ${m.referenceNotFoundMessage(this.corpus.shape())}`,
        };
        return { reply };
      }
    }
    const searchStarted = performance.now();
    const result = this.search(query);
    this.telemetry.search(performance.now() - searchStarted);
    if (result.hits.length === 0) {
      const empty = result.empty;
      const reply: Reply = {
        ...baseReply('answer', locale),
        query,
        title: m.noMatchTitle(query),
        message: empty ? `${m.emptyAfterCleanup} ${m.noMatchMessage}` : m.noMatchMessage,
        suggestions: m.defaultSuggestions,
        fallbackText: `${m.noMatchTitle(query)}. ${m.noMatchMessage}`,
      };
      return { reply, ranking: result.hits, plan: result.plan };
    }
    // The title counts the strong matches only; "More results" still pages on into the weaker rest.
    const total = result.strong;
    const start = Math.min(offset, Math.max(0, result.hits.length - 1));
    const page = result.hits.slice(start, start + this.pageSize);
    const hits = page.map((h) => this.toHit(h.unit, h.highlights, h.score, locale, result.plan, undefined, h));
    const actions = this.hitActions(hits, locale, query);
    if (start + this.pageSize < result.hits.length) {
      actions.push({ kind: 'more', label: m.labels.moreResults, value: encodeAction({ a: 'more', q: query, o: start + this.pageSize, l: locale }) });
    }
    const title = m.answerTitle(query, total);
    const reply: Reply = {
      ...baseReply('answer', locale),
      query,
      title,
      message: result.hits.length > this.pageSize ? m.moreSummary(start + 1, start + page.length, total, result.hits.length) : undefined,
      hits,
      total,
      offset: start,
      actions,
      again: encodeAction({ a: 'more', q: query, o: start, l: locale }),
      fallbackText: hitsFallback(title, hits),
    };
    return { reply, ranking: result.hits, plan: result.plan };
  }

  /** One unit by id, in full (buttons, message-extension selections, digests); an error reply when it does not exist. */
  unitReply(id: string, locale: Locale, query = '', version?: string): Reply {
    const unit = this.corpus.get(id);
    if (!unit) return errorReply(locale, 'ACTION_INVALID', MESSAGES[locale].expiredAction);
    return this.referenceReply([unit], locale, query, this.label(unit, locale), Number.POSITIVE_INFINITY, version);
  }

  /**
   * Search over every version: the original text always (for an English question through the glossary bridge),
   * and the translation in the question's language directly; one hit per unit, ranked on the better of the two.
   */
  search(query: string, locale?: Locale): SearchOutcome {
    const lang = locale ?? (/\p{Script=Han}/u.test(query) ? 'zh' : 'en');
    const key = `${lang}\u0000${query}`;
    let outcome = this.recentSearches?.get(key);
    if (!outcome) {
      outcome = searchVersions(query, this.engine, (id) => this.corpus.get(id), this.translationEngines.get(lang), (u) => this.corpus.inLanguage(u, lang));
      this.recentSearches?.set(key, outcome);
    }
    return outcome;
  }

  /** The recommendation groups as hits, for pickers such as a message extension's first page. */
  groupsOverview(locale: Locale): Reply {
    const m = MESSAGES[locale];
    const hits = this.corpus.groups().map((g) => this.toHit(g, [], 1, locale, undefined, 80));
    const title = m.listTitle(this.corpus.shape());
    return { ...baseReply('list', locale), title, hits, total: hits.length, actions: this.hitActions(hits, locale, ''), fallbackText: hitsFallback(title, hits) };
  }

  /** A ranking from answerRanked as hits in `locale` (the CLI's JSON). */
  rankedHits(ranking: VersionHit[], plan: QueryPlan | undefined, locale: Locale, limit: number): ReplyHit[] {
    return ranking.slice(0, limit).map((h) => this.toHit(h.unit, h.highlights, h.score, locale, plan, undefined, h));
  }

  /** Units matching a topic, best first (digest rotations). */
  find(topic: string): Unit[] {
    return this.search(topic).hits.map((h) => h.unit);
  }

  /** "Para 8", and the document's short name first when several documents are loaded. */
  label(unit: Unit, locale: Locale): string {
    const label = MESSAGES[locale].unitLabel(unit);
    return this.corpus.documents.length > 1 ? `${this.corpus.documentOf(unit).short} · ${label}` : label;
  }

  private referenceReply(units: Unit[], locale: Locale, query: string, title: string, excerptChars: number, version?: string): Reply {
    const m = MESSAGES[locale];
    const hits = units.map((u) => this.toHit(u, undefined, 1, locale, undefined, excerptChars, undefined, query, version));
    return {
      ...baseReply('reference', locale),
      query: query || undefined,
      title: m.referenceTitle(title),
      hits,
      total: hits.length,
      actions: this.hitActions(hits, locale, query),
      fallbackText: hitsFallback(m.referenceTitle(title), hits),
    };
  }

  /**
   * A hit in the reader's language: the unit's version in `version` (else the reply's locale) when its document
   * has one, else the original. Highlights are found on the text shown; "Matched" names only words it contains.
   */
  private toHit(unit: Unit, highlights: Range[] | undefined, score: number, locale: Locale, plan?: QueryPlan, excerptChars?: number, found?: VersionHit, query = '', version?: string): ReplyHit {
    const shown = this.corpus.inLanguage(unit, version ?? locale) ?? unit;
    const engine = shown === unit ? this.engine : this.translationEngines.get(shown.lang) ?? this.engine;
    const marks = found ? (shown === unit ? found.highlights : found.shownHighlights(shown)) : highlights ?? (query ? engine.highlight(shown, query) : []);
    const focus = found ? (shown === unit ? found.focus : found.shownFocus) : undefined;
    const excerpt = makeExcerpt(shown.text, marks, excerptChars, focus);
    const parent = shown.parentId ? this.corpus.inLanguage(this.corpus.get(shown.parentId)!, shown.lang) : undefined;
    const shownNorm = engine.normalizedText(shown);
    const version_ = this.corpus.version(unit, shown.lang)!;
    return {
      id: unit.id,
      doc: unit.docId,
      lang: shown.lang,
      ...(version_.meta.official ? {} : { unofficial: true }),
      ...(shown === unit ? {} : { original: { lang: unit.lang, path: this.pathOf(unit), text: unit.text, excerpt: makeExcerpt(unit.text, found?.highlights ?? [], excerptChars, found?.focus).text } }),
      ref: unit.ref,
      label: this.label(unit, locale),
      path: parent ? [...parent.path, `(${parent.letter})`] : shown.path,
      excerpt: excerpt.text,
      highlights: excerpt.highlights,
      text: shown.text,
      textHighlights: marks,
      score,
      matchedTerms: (plan?.matched ?? []).filter((x) => shownNorm.includes(x.label.toLowerCase())).map((x) => x.label),
    };
  }

  private pathOf(unit: Unit): string[] {
    const parent = unit.parentId ? this.corpus.get(unit.parentId) : undefined;
    return parent ? [...parent.path, `(${parent.letter})`] : unit.path;
  }

  private hitActions(hits: ReplyHit[], locale: Locale, query: string): ReplyAction[] {
    const m = MESSAGES[locale];
    const q = query.slice(0, MAX_QUERY_CHARS);
    return hits.flatMap((h) => [
      ...(h.excerpt !== h.text ? [{ kind: 'full' as const, label: m.labels.fullText, hitId: h.id, value: encodeAction({ a: 'full', id: h.id, l: locale, q, v: h.lang }) }] : []),
      ...(h.original ? [{ kind: 'original' as const, label: m.labels.original, hitId: h.id, value: encodeAction({ a: 'full', id: h.id, l: locale, q, v: h.original.lang }) }] : []),
      { kind: 'feedback' as const, label: m.labels.helpful, hitId: h.id, style: 'primary' as const, value: encodeAction({ a: 'fb', id: h.id, up: true, q }) },
      { kind: 'feedback' as const, label: m.labels.notHelpful, hitId: h.id, value: encodeAction({ a: 'fb', id: h.id, up: false, q }) },
    ]);
  }
}

/** Freezes a kept reply and everything in it (hits, highlights, actions…). */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
