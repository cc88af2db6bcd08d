import { BotError } from '../errors.js';
import type { DocumentMeta, ParsedDocument, Unit, UnitKind } from './types.js';

/**
 * Turns the plain text of a UN document (as in corpus/) into units.
 * Recognised lines: "8. …" numbered paragraph, "(d) …" recommendation group, "- …" bullet,
 * prose lines (cover letter paragraphs) and short lines (titles, headings, signature).
 * Page breaks split a paragraph into two blocks; a block that starts with no number, letter or bullet
 * and follows a paragraph that does not end a sentence is joined back onto it.
 */

const NUMBERED = /^(\d{1,3})[.．]\s*(.*)$/u;
const GROUP = /^[(（]([a-z])[)）]\s*(.*)$/u;
const BULLET = /^[-–—•·]\s*(.+)$/u;
const SENTENCE_END = /[。！？!?；;：:][」』”"’）)]?$/u;
const ANNEX_TITLE = /附件$|^annex$/iu;
const SIGNED = /[(（]签名[)）]$/u;
/** Short lines without sentence punctuation are titles or headings, not prose. */
const MAX_HEADING_LENGTH = 40;

interface RawLine {
  text: string;
  /** Index of the blank-line separated block the line is in. */
  block: number;
}

function splitLines(text: string): RawLine[] {
  const out: RawLine[] = [];
  let block = 0;
  let blank = true;
  for (const rawLine of text.replace(/^\uFEFF/u, '').split(/\r?\n/u)) {
    const line = rawLine.trim();
    if (!line) {
      if (!blank) block++;
      blank = true;
      continue;
    }
    blank = false;
    out.push({ text: line, block });
  }
  return out;
}

function isProse(line: string): boolean {
  return SENTENCE_END.test(line) || line.length > MAX_HEADING_LENGTH;
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
  let signatureLines: string[] = [];

  const push = (u: Omit<Unit, 'id' | 'docId' | 'order'>): Unit => {
    const unit: Unit = { ...u, id: `${docId}#${u.ref}`, docId, order: units.length };
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
    if (continues(line)) {
      // A page break: join without a space, as Chinese text has none.
      last!.text += line;
      continue;
    }
    const numbered = NUMBERED.exec(line);
    const group = GROUP.exec(line);
    const bullet = BULLET.exec(line);
    if (phase !== 'annex' && numbered && !hasAnnex) phase = 'annex';

    if (phase === 'front') {
      if (isProse(line) || /的信$|^letter/iu.test(line)) {
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
      if (ANNEX_TITLE.test(line) && !isProse(line)) {
        flushSignature();
        push({ kind: 'title', ref: `T${++titleCount}`, text: line, path: [] });
        phase = 'annex';
        continue;
      }
      if (isProse(line) && signatureLines.length === 0) {
        push({ kind: 'letter', ref: `L${++letterCount}`, index: letterCount, text: line, path: [] });
      } else {
        signatureLines.push(line);
        if (SIGNED.test(line)) flushSignature();
      }
      continue;
    }

    // Annex.
    if (numbered) {
      const num = Number(numbered[1]);
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

/** The first clause of a group's lead, used as its short title: "加强多边组织之间的伙伴关系，以提高实地的可预测性". */
export function groupTitle(text: string): string {
  const first = text.split(/[。；]/u)[0] ?? text;
  return first.length > 60 ? `${first.slice(0, 59)}…` : first;
}
