import { CorpusIndex } from '../corpus/corpus-index.js';
import type { LoadedCorpus } from '../corpus/load-corpus.js';
import { normalize } from '../corpus/normalize.js';
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
}

/** Questions longer than this are cut (and the reply says so): keeps button payloads and search time bounded. */
export const MAX_QUERY_CHARS = 500;
const REFERENCE_EXCERPT_CHARS = 600;

/** Answering: ranked search and exact references over the corpus, as reply models. Knows no command and no store. */
export class Answers {
  readonly corpus: CorpusIndex;
  readonly engine: SearchEngine;
  private readonly pageSize: number;
  private readonly telemetry: Telemetry;

  constructor(options: AnswersOptions) {
    this.corpus = new CorpusIndex(options.corpus);
    this.engine = new SearchEngine(this.corpus.units, { expander: options.expander, ranking: options.ranking });
    this.pageSize = options.pageSize ?? 3;
    this.telemetry = options.telemetry ?? noTelemetry;
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
          ...baseReply('error', locale),
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
        ...baseReply('answer', locale),
        query,
        title: m.noMatchTitle(query),
        message: empty ? `${m.emptyAfterCleanup} ${m.noMatchMessage}` : m.noMatchMessage,
        suggestions: m.defaultSuggestions,
        fallbackText: `${m.noMatchTitle(query)}. ${m.noMatchMessage}`,
      };
    }
    const total = result.hits.length;
    const start = Math.min(offset, Math.max(0, total - 1));
    const page = result.hits.slice(start, start + this.pageSize);
    const hits = page.map((h) => this.toHit(h.unit, h.highlights, h.score, locale, result.plan));
    const actions = this.hitActions(hits, locale, query);
    if (start + this.pageSize < total) {
      actions.push({ kind: 'more', label: m.labels.moreResults, value: encodeAction({ a: 'more', q: query, o: start + this.pageSize, l: locale }) });
    }
    actions.push({ kind: 'share', label: m.labels.share, value: encodeAction({ a: 'share', q: query, o: start, l: locale }) });
    const title = m.answerTitle(query, total);
    return {
      ...baseReply('answer', locale),
      query,
      title,
      message: total > this.pageSize ? m.moreSummary(start + 1, start + page.length, total) : undefined,
      hits,
      total,
      offset: start,
      actions,
      fallbackText: hitsFallback(title, hits),
    };
  }

  /** One unit by id, in full (buttons, message-extension selections, digests); an error reply when it does not exist. */
  unitReply(id: string, locale: Locale, query = ''): Reply {
    const unit = this.corpus.get(id);
    if (!unit) return errorReply(locale, 'ACTION_INVALID', MESSAGES[locale].expiredAction);
    return this.referenceReply([unit], locale, query, MESSAGES[locale].unitLabel(unit), Number.POSITIVE_INFINITY);
  }

  /** The recommendation groups as hits, for pickers such as a message extension's first page. */
  groupsOverview(locale: Locale): Reply {
    const m = MESSAGES[locale];
    const hits = this.corpus.groups().map((g) => this.toHit(g, [], 1, locale, undefined, 80));
    return { ...baseReply('list', locale), title: m.listTitle, hits, total: hits.length, actions: this.hitActions(hits, locale, ''), fallbackText: hitsFallback(m.listTitle, hits) };
  }

  /** Units matching a topic, best first (digest rotations). */
  find(topic: string): Unit[] {
    return this.engine.search(topic).hits.map((h) => h.unit);
  }

  private referenceReply(units: Unit[], locale: Locale, query: string, title: string, excerptChars: number): Reply {
    const m = MESSAGES[locale];
    const hits = units.map((u) => {
      const highlights = query ? this.engine.highlight(u, query) : [];
      return this.toHit(u, highlights, 1, locale, undefined, excerptChars);
    });
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

  private toHit(unit: Unit, highlights: Range[], score: number, locale: Locale, plan?: QueryPlan, excerptChars?: number): ReplyHit {
    const m = MESSAGES[locale];
    const excerpt = makeExcerpt(unit.text, highlights, excerptChars);
    const parent = unit.parentId ? this.corpus.get(unit.parentId) : undefined;
    const unitNorm = normalize(unit.text);
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
      matchedTerms: (plan?.matched ?? []).filter((x) => x.phrases.some((p) => unitNorm.includes(normalize(p)))).map((x) => x.label),
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
}
