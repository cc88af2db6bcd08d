import type { Unit } from '../corpus/types.js';
import type { Range } from '../search/highlight.js';
import type { QueryPlan } from '../search/query-plan.js';
import { splitSentences } from '../search/sentences.js';
import type { SearchEngine, SearchHit } from '../search/search-engine.js';

/** One unit found in any of its versions; `unit` is the original. */
export interface VersionHit {
  unit: Unit;
  score: number;
  /** Ranges on the original's text. */
  highlights: Range[];
  /** The answering sentence on the original's text, and on the translation's when it was found there. */
  focus?: Range;
  shownFocus?: Range;
  /** Ranges on a translation's text (found there, or computed for it). */
  shownHighlights(shown: Unit): Range[];
}

/**
 * Scores of two engines are not on one scale, so each is taken relative to its best hit and the two are added:
 * a unit found in both versions ranks above one found in one. The translation weighs less, as the original's
 * engine also knows the question's intent (dates, names, venues) and the curated glossary (0.25: the largest
 * weight that keeps every English dev and extra question at rank 1).
 */
const TRANSLATION_WEIGHT = 0.25;

export function searchVersions(
  query: string,
  original: SearchEngine,
  byId: (id: string) => Unit | undefined,
  translation?: SearchEngine,
  byLang: (unit: Unit) => Unit | undefined = () => undefined,
): { hits: VersionHit[]; plan: QueryPlan; empty: boolean; strong: number } {
  const base = original.search(query);
  if (!translation) {
    // Highlights stay lazy: a reply shows one page of hits, not all of them.
    return {
      plan: base.plan,
      empty: base.plan.terms.size === 0,
      strong: base.strong,
      hits: base.hits.map((h) => ({
        unit: h.unit,
        score: h.score,
        get highlights() {
          return h.highlights;
        },
        focus: h.focus,
        shownHighlights: () => h.highlights,
      })),
    };
  }
  const other = translation.search(query);
  const top = (hits: SearchHit[]) => hits[0]?.score || 1;
  // Hits found by one engine; highlights are read only for the hits a reply shows.
  const merged = new Map<string, { unit?: Unit; a: number; b: number; original?: SearchHit; translated?: SearchHit; focus?: Range; shownFocus?: Range }>();
  for (const h of base.hits) merged.set(h.unit.id, { unit: h.unit, a: h.score / top(base.hits), b: 0, original: h, focus: h.focus });
  for (const h of other.hits) {
    const m = merged.get(h.unit.id) ?? { a: 0, b: 0 };
    m.b = h.score / top(other.hits);
    m.translated = h;
    m.shownFocus = h.focus;
    merged.set(h.unit.id, m);
  }
  const hits: VersionHit[] = [];
  for (const [id, m] of merged) {
    const unit = m.unit ?? byId(id);
    if (!unit) continue;
    const { original, translated } = m;
    hits.push({
      unit,
      score: Math.round((m.a + TRANSLATION_WEIGHT * m.b) * 1000) / 1000,
      get highlights() {
        return original?.highlights ?? [];
      },
      focus: m.focus,
      shownHighlights: (shown) => translated?.highlights ?? translation.highlight(shown, query),
      // The original's engine picks the answering sentence best (it knows names, dates and venues): its
      // counterpart in the translation is the sentence at the same position.
      get shownFocus() {
        const shown = m.focus ? byLang(unit) : undefined;
        return shown && m.focus ? alignedSentence(unit.text, m.focus, shown.text) : m.shownFocus;
      },
    });
  }
  hits.sort((x, y) => y.score - x.score || x.unit.order - y.unit.order);
  // Strong matches: as many as the stronger of the two engines counts.
  return { plan: base.plan, empty: base.plan.terms.size === 0 && other.plan.terms.size === 0, strong: Math.min(hits.length, Math.max(base.strong, other.strong)), hits };
}

/** The sentence of `target` at the same relative position as the middle of `focus` in `source`. */
function alignedSentence(source: string, focus: Range, target: string): Range {
  const at = (((focus[0] + focus[1]) / 2) / Math.max(1, source.length)) * target.length;
  const to = splitSentences(target);
  return to.find(([, e]) => at < e) ?? to[to.length - 1];
}
