import type { ErrorCode } from '../errors.js';
import type { Range } from '../search/highlight.js';

/**
 * The platform-neutral answer every adapter renders. Plain data: no Block Kit, no Adaptive Cards.
 * All wording is decided in the core and arrives here already in the reply's language.
 */
export type Locale = 'zh' | 'en';

export type ReplyKind = 'answer' | 'reference' | 'list' | 'help' | 'digest' | 'error' | 'notice';

export interface ReplyHit {
  /** Stable unit id, used in "Full text" actions. */
  id: string;
  /** Id of the document the unit is in. */
  doc: string;
  /** Language of `excerpt`, `path` and `text` as shown: the reply's when the document has that version. */
  lang: string;
  /** True when the shown text is a translation that is not official (renderers add labels.unofficialTranslation). */
  unofficial?: boolean;
  /** The unit in its original language, when the shown text is a translation. */
  original?: { lang: string; path: string[]; text: string; excerpt: string };
  /** Machine reference: "13(d)-1", "8", "L2". */
  ref: string;
  /** Human reference in the reply's language: "建议 13(d)-1", "第8段", "Para 8". */
  label: string;
  /** Section/group path, outermost first. */
  path: string[];
  excerpt: string;
  /** Ranges on `excerpt` to show in bold. */
  highlights: Range[];
  /** The unit's full text (page breaks joined). */
  text: string;
  /** Ranges on `text` to show in bold. */
  textHighlights: Range[];
  score: number;
  /** English glossary terms that led here, for English readers. */
  matchedTerms: string[];
}

/** A button the renderer shows; `value` is opaque to adapters and goes back into the core unchanged. */
export interface ReplyAction {
  kind: 'full' | 'original' | 'more' | 'feedback';
  label: string;
  value: string;
  /** Which hit the action belongs to, when it belongs to one. */
  hitId?: string;
  style?: 'primary' | 'danger';
}

export interface ReplySection {
  title: string;
  lines: string[];
}

export interface Reply {
  kind: ReplyKind;
  locale: Locale;
  /** The question as asked (trimmed, capped), restated in answers. */
  query?: string;
  /** One-line headline. */
  title: string;
  /** Plain-text body for help, list, digest and errors. */
  message?: string;
  sections?: ReplySection[];
  hits: ReplyHit[];
  /** Total hits before paging. */
  total: number;
  /** 0-based index of hits[0] among all hits. */
  offset: number;
  /** Actions per hit (full text, feedback) and for the whole reply (more). */
  actions: ReplyAction[];
  /** An action value that answers this very page again: an adapter may offer it (say, to post it for everyone). */
  again?: string;
  suggestions: string[];
  /** A short plain-text summary every platform can show when rich content cannot be (notifications, fallback). */
  fallbackText: string;
  /** UI labels the renderer needs (headers, the "matched" caption…), already localised. */
  labels: ReplyLabels;
  /** Error code for kind "error". */
  code?: ErrorCode;
}

export interface ReplyLabels {
  fullText: string;
  moreResults: string;
  share: string;
  helpful: string;
  notHelpful: string;
  matchedTerms: string;
  question: string;
  /** Shown with every excerpt from a translation that is not official. */
  unofficialTranslation: string;
  /** The button that shows a translated unit's original. */
  original: string;
}
