import { BotError } from '../errors.js';
import type { DocumentMeta, ParsedDocument, Unit, UnitKind } from './types.js';

/**
 * Turns the plain text of a UN document (as in corpus/), in any language version, into units.
 * Recognised lines: "8. …" numbered paragraph, "(d) …" recommendation group, "- …" bullet,
 * prose lines (cover letter paragraphs, ending a sentence) and other lines (titles, headings, signature),
 * told apart by position: the line before the letter's first paragraph is its title, the line after the
 * signature the annex title, lines before paragraph 1 the annex titles, a heading followed by a group a sub-heading.
 * Page breaks split a paragraph into two blocks; a block that starts with no number, letter or bullet
 * and follows a paragraph that does not end a sentence is joined back onto it.
 * What cannot be placed (a bullet outside a group, a group outside a paragraph, paragraph numbers out of order)
 * is refused with the file name and line.
 */

const NUMBERED = /^(\d{1,3})[.．]\s*(.*)$/u;
const GROUP = /^[(（]([a-z])[)）]\s*(.*)$/u;
const BULLET = /^[-–—•·]\s*(.+)$/u;
const SENTENCE_END = /[。！？!?；;：:.][」』”"’）)]?$/u;
const ANNEX_TITLE = /附件$|^annex\b/iu;
const SIGNED = /[(（]签名[)）]$|^\(signed\)/iu;
/** Short Han lines without sentence punctuation are titles or headings, not prose (Latin headings run longer). */
const MAX_HEADING_LENGTH = 40;
const HAN = /\p{Script=Han}/u;

interface RawLine {
  text: string;
  /** Index of the blank-line separated block the line is in. */
  block: number;
  /** 1-based line number in the file. */
  at: number;
}

function splitLines(text: string): RawLine[] {
  const out: RawLine[] = [];
  let block = 0;
  let blank = true;
  let at = 0;
  for (const rawLine of text.replace(/^\uFEFF/u, '').split(/\r?\n/u)) {
    at++;
    const line = rawLine.trim();
    if (!line) {
      if (!blank) block++;
      blank = true;
      continue;
    }
    blank = false;
    out.push({ text: line, block, at });
  }
  return out;
}

function isProse(line: string): boolean {
  return SENTENCE_END.test(line) || (HAN.test(line) && line.length > MAX_HEADING_LENGTH);
}

export function parseDocument(text: string, meta: DocumentMeta): ParsedDocument {
  const lines = splitLines(text);
  if (lines.length === 0) {
    throw new BotError('CORPUS_FILE_INVALID', `${meta.file}: the file is empty`);
  }
  const docId = meta.id;
  const units: Unit[] = [];
  const hasAnnex = lines.some((l) => ANNEX_TITLE.test(l.text) && !isProse(l.text));
  let phase: 'front' | 'letter' | 'annex' = hasAnnex ? 'front' : 'annex';
  let letterCount = 0;
  let titleCount = 0;
  let headingCount = 0;
  let headingPath: string[] = [];
  let currentParagraph: Unit | undefined;
  let currentGroup: Unit | undefined;
  let last: Unit | undefined;
  let frontLines: string[] = [];
  let signed = false;
  let signatureLines: string[] = [];

  const push = (u: Omit<Unit, 'id' | 'docId' | 'lang' | 'order'>): Unit => {
    const unit: Unit = { ...u, id: `${docId}#${u.ref}`, docId, lang: meta.language, order: units.length };
    units.push(unit);
    last = unit;
    return unit;
  };
  const flushFront = () => {
    if (frontLines.length) push({ kind: 'front', ref: 'front', text: frontLines.join(' '), path: [] });
    frontLines = [];
  };
  const flushSignature = () => {
    if (signatureLines.length) push({ kind: 'signature', ref: 'sig', text: signatureLines.join(' '), path: [] });
    signatureLines = [];
  };
  const continues = (line: string): boolean =>
    last !== undefined &&
    ['paragraph', 'group', 'bullet', 'letter'].includes(last.kind) &&
    !SENTENCE_END.test(last.text) &&
    !NUMBERED.test(line) &&
    !GROUP.test(line) &&
    !BULLET.test(line);

  for (let n = 0; n < lines.length; n++) {
    const line = lines[n].text;
    const refuse = (why: string): never => {
      throw new BotError('CORPUS_FILE_INVALID', `${meta.file}:${lines[n].at}: ${why}: "${line.slice(0, 60)}"`);
    };
    if (continues(line)) {
      // A page break: join without a space between Han characters (Chinese has none), with one otherwise.
      last!.text += HAN.test(last!.text.slice(-1)) || HAN.test(line[0]) ? line : ` ${line}`;
      continue;
    }
    const numbered = NUMBERED.exec(line);
    const group = GROUP.exec(line);
    const bullet = BULLET.exec(line);
    if (phase !== 'annex' && numbered && !hasAnnex) phase = 'annex';

    if (phase === 'front') {
      if (isProse(line) || isProse(lines[n + 1]?.text ?? '.')) {
        flushFront();
        if (!isProse(line)) {
          push({ kind: 'title', ref: `T${++titleCount}`, text: line, path: [] });
          phase = 'letter';
          continue;
        }
        phase = 'letter';
      } else {
        frontLines.push(line);
        continue;
      }
    }

    if (phase === 'letter') {
      if (!isProse(line) && (ANNEX_TITLE.test(line) || signed)) {
        flushSignature();
        push({ kind: 'title', ref: `T${++titleCount}`, text: line, path: [] });
        phase = 'annex';
        continue;
      }
      if (isProse(line) && signatureLines.length === 0) {
        push({ kind: 'letter', ref: `L${++letterCount}`, index: letterCount, text: line, path: [] });
      } else {
        signatureLines.push(line);
        if (SIGNED.test(line)) {
          flushSignature();
          signed = true;
        }
      }
      continue;
    }

    // Annex.
    if (numbered) {
      const num = Number(numbered[1]);
      if (currentParagraph && num <= currentParagraph.paragraph!) refuse(`paragraph ${num} comes after paragraph ${currentParagraph.paragraph}`);
      currentGroup = undefined;
      currentParagraph = push({ kind: 'paragraph', ref: String(num), paragraph: num, text: numbered[2], path: [...headingPath] });
      continue;
    }
    if (group && currentParagraph) {
      const letter = group[1];
      currentGroup = push({
        kind: 'group',
        ref: `${currentParagraph.paragraph}(${letter})`,
        paragraph: currentParagraph.paragraph,
        letter,
        text: group[2],
        path: [...headingPath],
        childIds: [],
      });
      continue;
    }
    if (bullet && currentGroup) {
      const index = currentGroup.childIds!.length + 1;
      const b = push({
        kind: 'bullet',
        ref: `${currentGroup.ref}-${index}`,
        paragraph: currentGroup.paragraph,
        letter: currentGroup.letter,
        index,
        text: bullet[1],
        path: [...headingPath, `(${currentGroup.letter}) ${groupTitle(currentGroup.text)}`],
        parentId: currentGroup.id,
      });
      currentGroup.childIds!.push(b.id);
      continue;
    }
    if (group) refuse('a lettered group outside a numbered paragraph');
    if (bullet) refuse('a bullet outside a lettered group');
    if (!isProse(line)) {
      const nextLine = lines[n + 1]?.text ?? '';
      if (!units.some((u) => u.kind === 'paragraph')) {
        // Before the first numbered paragraph: the annex's titles.
        push({ kind: 'title', ref: `T${++titleCount}`, text: line, path: [] });
        continue;
      }
      // A heading directly followed by a lettered group is a sub-heading of the current section.
      const level = GROUP.test(nextLine) && headingPath.length > 0 ? 2 : 1;
      headingPath = level === 1 ? [line] : [headingPath[0], line];
      currentGroup = undefined;
      push({ kind: 'heading', ref: `H${++headingCount}`, level, text: line, path: headingPath.slice(0, -1) });
      continue;
    }
    // Unnumbered prose inside the annex: keep it as a letter-like paragraph so nothing is lost.
    push({ kind: 'letter', ref: `L${++letterCount}`, index: letterCount, text: line, path: [...headingPath] });
  }
  flushFront();
  flushSignature();
  const kinds = new Set<UnitKind>(units.map((u) => u.kind));
  if (!['paragraph', 'letter', 'group', 'bullet'].some((k) => kinds.has(k as UnitKind))) {
    throw new BotError('CORPUS_FILE_INVALID', `${meta.file}: no paragraphs were found (is this the document text?)`);
  }
  return { meta, units };
}

/** The first sentence of a group's lead, used as its short title: "加强多边组织之间的伙伴关系，以提高实地的可预测性". */
export function groupTitle(text: string): string {
  const first = text.split(/[。；]|\.(?:\s|$)/u)[0] ?? text;
  // Latin words are longer than Han characters: about the same reading length.
  const max = HAN.test(first) ? 60 : 120;
  return first.length > max ? `${first.slice(0, max - 1)}…` : first;
}
