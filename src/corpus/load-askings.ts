import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { readUtf8 } from './read-utf8.js';
import { INDEXED_KINDS, type Unit } from './types.js';

/**
 * How people ask for each passage of a document: `name.askings.tsv` beside `name.txt`, one line per unit,
 * `ref<TAB>phrasing|phrasing|…` (lines starting with # are comments). Written unit by unit from the document — the
 * everyday words, situations and short forms a user types when that unit is the answer — so a question in words
 * the document never uses still finds its passage (the search counts them like headings, for words the text lacks).
 */
export interface AskingsFile {
  /** Unit ref → phrasings. */
  askings: Map<string, string[]>;
  /** Lines that could not be used, with why (the rest still load). */
  faults: string[];
  path: string;
}

const MAX_FAULTS = 10;

export function askingsPath(documentPath: string): string {
  return join(dirname(documentPath), `${basename(documentPath, '.txt')}.askings.tsv`);
}

/** Reads the askings beside a document file; undefined when it has none. */
export function loadAskings(documentPath: string, units: readonly Unit[]): AskingsFile | undefined {
  const path = askingsPath(documentPath);
  if (!existsSync(path)) return undefined;
  const searchable = new Set(units.filter((u) => INDEXED_KINDS.has(u.kind)).map((u) => u.ref));
  const askings = new Map<string, string[]>();
  const faults: string[] = [];
  // A byte-order mark (some editors write one) is not part of the first line; lines may end in \n, \r\n or \r.
  const lines = readUtf8(path).replace(/^\uFEFF/u, '').split(/\r\n?|\n/u);
  for (const [i, line] of lines.entries()) {
    if (!line.trim() || line.startsWith('#')) continue;
    const [rawRef, phrasings, ...extra] = line.split('\t');
    const ref = rawRef.trim();
    const where = `line ${i + 1}`;
    if (phrasings === undefined || extra.length > 0) {
      faults.push(`${where}: expected "ref<TAB>phrasing|phrasing", e.g. "13(d)-1<TAB>别等人都派下去了才合作"`);
    } else if (!searchable.has(ref)) {
      faults.push(`${where}: "${ref}" is no searchable passage of ${basename(documentPath)} (use a reference such as 8, 13(d) or 13(d)-1)`);
    } else {
      const list = phrasings.split('|').map((p) => p.trim()).filter(Boolean);
      if (list.length === 0) faults.push(`${where}: no phrasing after the tab`);
      else askings.set(ref, [...(askings.get(ref) ?? []), ...list]);
    }
  }
  // A file of garbage says so in a few lines, not in thousands.
  if (faults.length > MAX_FAULTS) faults.splice(MAX_FAULTS, faults.length, `… and ${faults.length - MAX_FAULTS} more lines like these`);
  return { askings, faults, path };
}
