import { BotError } from '../errors.js';
import type { LoadedCorpus } from './load-corpus.js';
import type { CorpusDocument, CorpusShape, Unit, Version } from './types.js';
import type { ReferenceQuery } from '../references/parse-reference.js';

/**
 * Unit look-ups by id and by reference across all loaded documents and their language versions. Ids are the
 * original's; a translation's unit is found as the counterpart of its original.
 */
export class CorpusIndex {
  readonly documents: CorpusDocument[];
  /** Units of every document's original, in document then reading order. */
  readonly units: Unit[];
  /** Where an unqualified reference looks. */
  readonly defaultDocument: CorpusDocument;
  private readonly byId = new Map<string, Unit>();
  private readonly byName = new Map<string, CorpusDocument>();
  private readonly translated = new Map<string, Unit>();

  /** `defaultDocument`: an id or short name; else the first document in file-name order. */
  constructor(corpus: LoadedCorpus, defaultDocument?: string) {
    this.documents = corpus.documents;
    this.units = corpus.documents.flatMap((d) => d.units);
    for (const u of this.units) this.byId.set(u.id, u);
    for (const d of this.documents) {
      this.byName.set(d.id.toLowerCase(), d);
      this.byName.set(d.short.toLowerCase(), d);
      for (const v of d.versions.slice(1)) for (const u of v.units) this.translated.set(`${v.meta.language}|${u.id}`, u);
    }
    const chosen = defaultDocument ? this.document(defaultDocument) : this.documents[0];
    if (!chosen) {
      throw new BotError('CONFIG_INVALID', `DEFAULT_DOCUMENT="${defaultDocument}" names no loaded document: use one of ${this.documents.map((d) => d.short).join(', ')}.`);
    }
    this.defaultDocument = chosen;
  }

  get(id: string): Unit | undefined {
    return this.byId.get(id);
  }

  /** A document by id or short name, any case. */
  document(name: string): CorpusDocument | undefined {
    return this.byName.get(name.toLowerCase());
  }

  documentOf(unit: Unit): CorpusDocument {
    return this.document(unit.docId)!;
  }

  /** The version of a unit's document in `lang`: the original when that is its language, else a translation. */
  version(unit: Unit, lang: string): Version | undefined {
    return this.documentOf(unit).versions.find((v) => v.meta.language === lang);
  }

  /** The unit as written in `lang`, or undefined when its document has no version in that language. */
  inLanguage(unit: Unit, lang: string): Unit | undefined {
    return unit.lang === lang ? unit : this.translated.get(`${lang}|${unit.id}`);
  }

  /** Every unit of every version (originals first), for searching all of them. */
  allVersionUnits(): Unit[] {
    return [...this.units, ...this.translated.values()];
  }

  /** Languages some document is written in, originals and translations. */
  languages(): string[] {
    return [...new Set(this.documents.flatMap((d) => d.versions.map((v) => v.meta.language)))];
  }

  children(unit: Unit): Unit[] {
    return (unit.childIds ?? []).map((id) => this.byId.get(id)!).filter(Boolean);
  }

  groups(doc?: CorpusDocument): Unit[] {
    return (doc?.units ?? this.units).filter((u) => u.kind === 'group');
  }

  bullets(): Unit[] {
    return this.units.filter((u) => u.kind === 'bullet');
  }

  /** The numbers the help texts quote ("paragraphs 1–14", "groups (a)–(j)"), counted from the units. */
  shape(): CorpusShape {
    return (this.cachedShape ??= this.countShape());
  }

  private cachedShape?: CorpusShape;

  private countShape(): CorpusShape {
    // The default document's shape: the one an unqualified reference reaches.
    const units = this.defaultDocument.units;
    const paragraphs = units.flatMap((u) => (u.kind === 'paragraph' && u.paragraph !== undefined ? [u.paragraph] : []));
    const groups = this.groups(this.defaultDocument);
    const perGroup = groups.map((g) => g.childIds?.length ?? 0);
    const bullets = units.filter((u) => u.kind === 'bullet');
    const example = bullets.find((b) => b.parentId === groups[Math.min(3, groups.length - 1)]?.id) ?? bullets[0];
    return {
      paragraphs: [Math.min(...paragraphs), Math.max(...paragraphs)],
      groupParagraph: groups[0]?.paragraph ?? 0,
      groups: [groups[0]?.letter ?? '', groups[groups.length - 1]?.letter ?? ''],
      bulletsPerGroup: [Math.min(...perGroup), Math.max(...perGroup)],
      bullets: bullets.length,
      example: example?.ref ?? '',
    };
  }

  /**
   * A document named at the start of a query ("ssr2017 13(d)", "ssr2017 第8段") and the rest; no document when
   * the first word names none.
   */
  qualifier(query: string): { doc?: CorpusDocument; rest: string } {
    const m = /^\s*([A-Za-z0-9_-]+)(?:\s+|[:：,，]\s*|(?=\p{Script=Han}))(.*)$/su.exec(query);
    const doc = m ? this.document(m[1]) : undefined;
    return doc && m![2].trim() ? { doc, rest: m![2] } : { rest: query };
  }

  /** The units a reference names in one document (the default one unless given), most specific first. */
  resolve(ref: ReferenceQuery, doc: CorpusDocument = this.defaultDocument): Unit[] {
    const found = resolveIn(doc.units, ref);
    if (!found) return [];
    return found.kind === 'group' ? [found, ...this.children(found)] : [found];
  }
}

function resolveIn(units: Unit[], ref: ReferenceQuery): Unit | undefined {
  switch (ref.kind) {
    case 'paragraph':
      return units.find((u) => u.kind === 'paragraph' && u.paragraph === ref.paragraph);
    case 'group':
      return units.find((u) => u.kind === 'group' && u.letter === ref.letter && (ref.paragraph === undefined || u.paragraph === ref.paragraph));
    case 'bullet':
      return units.find(
        (u) => u.kind === 'bullet' && u.letter === ref.letter && u.index === ref.index && (ref.paragraph === undefined || u.paragraph === ref.paragraph),
      );
    case 'letter':
      return units.find((u) => u.kind === 'letter' && u.index === ref.index && u.path.length === 0);
  }
}
