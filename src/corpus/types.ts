/** What a piece of the document is; only prose kinds are indexed for search. */
export type UnitKind =
  | 'front' // document header lines (organ, session, agenda item)
  | 'title' // letter title, annex title, meeting title
  | 'letter' // an unnumbered paragraph of the cover letter
  | 'signature'
  | 'heading' // section heading (level 1) or sub-heading (level 2)
  | 'paragraph' // numbered paragraph
  | 'group' // lettered recommendation group: the lead paragraph
  | 'bullet'; // one recommendation "- 建议…" inside a group

export interface Unit {
  /** Stable id: `${docId}#${ref}`; a translation's unit has the same id as its original's. */
  id: string;
  docId: string;
  /** Language of `text` and `path` (the version's language). */
  lang: string;
  kind: UnitKind;
  /** Machine reference inside the document: "8", "13(d)", "13(d)-1", "L2", "H3", "T1", "sig", "front". */
  ref: string;
  /** Paragraph number for paragraphs, groups and bullets (13 for every group and bullet). */
  paragraph?: number;
  /** Group letter for groups and bullets. */
  letter?: string;
  /** 1-based position of a bullet inside its group, or of a letter paragraph in the letter. */
  index?: number;
  /** Heading level, for headings. */
  level?: number;
  /** The original text, page breaks joined. */
  text: string;
  /** Section path shown with the unit, outermost first: ["建议", "贯穿各领域的建议"]. */
  path: string[];
  /** Id of the parent group for bullets. */
  parentId?: string;
  /** Ids of the child bullets for groups. */
  childIds?: string[];
  /** Document order, 0-based across the whole document. */
  order: number;
}

/** What a `.meta.json` says about one version file. */
export interface DocumentMeta {
  /** Document id (the original's); a translation carries its original's id. */
  id: string;
  /** Short name readers type before a reference: "ssr2017 13(d)". */
  short: string;
  /** Title in this version's language. */
  title: string;
  symbol?: string | null;
  date?: string;
  language: string;
  /** False for our own translations: shown with a label saying the original is authoritative. */
  official: boolean;
  /** Id or short name of the document this file translates; absent for an original. */
  translationOf?: string;
  file: string;
}

/** One file of a document: the original or a translation aligned with it unit by unit. */
export interface ParsedDocument {
  meta: DocumentMeta;
  units: Unit[];
  /** How people ask for its units (`name.askings.tsv`): unit ref → phrasings; see load-askings.ts. */
  askings?: ReadonlyMap<string, readonly string[]>;
}

export type Version = ParsedDocument;

/** A document with its language versions; `units` and `meta` are the original's. */
export interface CorpusDocument extends ParsedDocument {
  id: string;
  short: string;
  /** Title per language, from every loaded version. */
  titles: Record<string, string>;
  /** The original first, then translations in file-name order; one per language. */
  versions: Version[];
}

export const INDEXED_KINDS: ReadonlySet<UnitKind> = new Set(['letter', 'signature', 'paragraph', 'group', 'bullet']);

/** The corpus's numbers as help and error texts quote them: ranges, never written down. */
export interface CorpusShape {
  paragraphs: [number, number];
  /** The paragraph that holds the recommendation groups. */
  groupParagraph: number;
  /** First and last group letter. */
  groups: [string, string];
  bulletsPerGroup: [number, number];
  bullets: number;
  /** A recommendation reference to show as an example ("13(d)-1"). */
  example: string;
}
