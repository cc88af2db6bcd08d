import type { LoadedCorpus } from './load-corpus.js';
import type { CorpusShape, ParsedDocument, Unit } from './types.js';
import type { ReferenceQuery } from '../references/parse-reference.js';

/** Unit look-ups by id and by reference across all loaded documents (the first document wins on a tie). */
export class CorpusIndex {
  readonly documents: ParsedDocument[];
  readonly units: Unit[];
  private readonly byId = new Map<string, Unit>();

  constructor(corpus: LoadedCorpus) {
    this.documents = corpus.documents;
    this.units = corpus.documents.flatMap((d) => d.units);
    for (const u of this.units) this.byId.set(u.id, u);
  }

  get(id: string): Unit | undefined {
    return this.byId.get(id);
  }

  children(unit: Unit): Unit[] {
    return (unit.childIds ?? []).map((id) => this.byId.get(id)!).filter(Boolean);
  }

  groups(): Unit[] {
    return this.units.filter((u) => u.kind === 'group');
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
    const paragraphs = this.units.flatMap((u) => (u.kind === 'paragraph' && u.paragraph !== undefined ? [u.paragraph] : []));
    const groups = this.groups();
    const perGroup = groups.map((g) => g.childIds?.length ?? 0);
    const example = this.bullets().find((b) => b.parentId === groups[Math.min(3, groups.length - 1)]?.id) ?? this.bullets()[0];
    return {
      paragraphs: [Math.min(...paragraphs), Math.max(...paragraphs)],
      groupParagraph: groups[0]?.paragraph ?? 0,
      groups: [groups[0]?.letter ?? '', groups[groups.length - 1]?.letter ?? ''],
      bulletsPerGroup: [Math.min(...perGroup), Math.max(...perGroup)],
      bullets: this.bullets().length,
      example: example?.ref ?? '',
    };
  }

  /** The units a reference names, most specific first; empty when the document has no such place. */
  resolve(ref: ReferenceQuery): Unit[] {
    for (const doc of this.documents) {
      const found = resolveIn(doc.units, ref);
      if (found) return found.kind === 'group' ? [found, ...this.children(found)] : [found];
    }
    return [];
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
