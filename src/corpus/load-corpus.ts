import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { BotError, describeError } from '../errors.js';
import { alignmentFaults } from './align.js';
import { askingsPath, loadAskings } from './load-askings.js';
import { parseDocument } from './parse-document.js';
import { readUtf8 } from './read-utf8.js';
import type { CorpusDocument, DocumentMeta, ParsedDocument } from './types.js';

export interface CorpusProblem {
  file: string;
  message: string;
}

export interface LoadedCorpus {
  /** Documents in file-name order of their originals, each with its sound language versions. */
  documents: CorpusDocument[];
  /** Files that could not be loaded, or only in part (an askings file's bad lines); the others still are. */
  problems: CorpusProblem[];
}

/**
 * Documents are `*.txt` files; `name.meta.json` beside `name.txt` describes one. A file whose metadata names
 * `translationOf` is a language version of that document and must align with it unit by unit; `name.askings.tsv`
 * says how people ask for its units (load-askings.ts). Glossaries (the other `*.tsv`) are not documents.
 */
export function loadCorpus(dir: string): LoadedCorpus {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new BotError('CORPUS_DIR_MISSING', `Corpus folder not found: ${dir}. Set CORPUS_DIR to the folder that holds the document .txt files (default ./corpus).`);
  }
  const files = readdirSync(dir).filter((f) => f.endsWith('.txt')).sort();
  const originals: ParsedDocument[] = [];
  const translations: ParsedDocument[] = [];
  const problems: CorpusProblem[] = [];
  for (const file of files) {
    const path = join(dir, file);
    try {
      const meta = readMeta(dir, file);
      const text = readUtf8(path);
      const parsed = parseDocument(text, { ...meta, file: path });
      // A bad askings line costs only itself, an unreadable askings file only the askings: the document still loads.
      try {
        const asked = loadAskings(path, parsed.units);
        if (asked) parsed.askings = asked.askings;
        if (asked?.faults.length) problems.push({ file: asked.path, message: asked.faults.join('; ') });
      } catch (err) {
        problems.push({ file: askingsPath(path), message: describeError(err) });
      }
      (meta.translationOf ? translations : originals).push(parsed);
    } catch (err) {
      problems.push({ file: path, message: describeError(err) });
    }
  }
  if (originals.length === 0) {
    const why = problems.length ? problems.map((p) => `${p.file}: ${p.message}`).join('; ') : `no .txt files in ${dir}`;
    throw new BotError('CORPUS_EMPTY', `No document could be loaded (${why}). Put the document text in ${dir} or set CORPUS_DIR.`, { details: problems });
  }
  // Two documents may not share an id or short name: references would become ambiguous.
  const seen = new Set<string>();
  for (const d of originals) {
    for (const name of new Set([d.meta.id, d.meta.short])) {
      if (seen.has(name)) {
        throw new BotError('CORPUS_FILE_INVALID', `${d.meta.file}: document id or short name "${name}" is used twice; give each .meta.json a unique "id" and "short".`);
      }
      seen.add(name);
    }
  }
  const documents: CorpusDocument[] = originals.map((o) => ({ ...o, id: o.meta.id, short: o.meta.short, titles: { [o.meta.language]: o.meta.title }, versions: [o] }));
  for (const t of translations) {
    const doc = documents.find((d) => d.id === t.meta.translationOf || d.short === t.meta.translationOf);
    const refuse = (message: string) => problems.push({ file: t.meta.file, message });
    if (!doc) {
      refuse(`"translationOf": "${t.meta.translationOf}" names no loaded document (ids: ${documents.map((d) => d.id).join(', ')})`);
      continue;
    }
    if (t.meta.language === doc.meta.language) {
      refuse(`a translation in the original's own language (${t.meta.language})`);
      continue;
    }
    const faults = alignmentFaults(doc.units, t.units);
    if (faults) {
      refuse(`not aligned with ${basename(doc.meta.file)}: ${faults}`);
      continue;
    }
    const version: ParsedDocument = { meta: { ...t.meta, id: doc.id, short: doc.short }, askings: t.askings, units: t.units.map((u) => ({ ...u, id: `${doc.id}#${u.ref}`, docId: doc.id, parentId: u.parentId && `${doc.id}#${u.parentId.split('#')[1]}`, childIds: u.childIds?.map((c) => `${doc.id}#${c.split('#')[1]}`) })) };
    const same = doc.versions.findIndex((v) => v.meta.language === t.meta.language);
    if (same < 0) doc.versions.push(version);
    // One version per language: an official one replaces ours; of two alike, the first file wins.
    else if (t.meta.official && !doc.versions[same].meta.official) doc.versions[same] = version;
    else continue;
    doc.titles[t.meta.language] = t.meta.title;
  }
  return { documents, problems };
}

const NAME = /^[A-Za-z0-9_-]+$/u;

function readMeta(dir: string, file: string): Omit<DocumentMeta, 'file'> {
  const stem = basename(file, '.txt');
  const metaPath = join(dir, `${stem}.meta.json`);
  // name.en.txt without metadata: its language comes from the name.
  const language = /\.([a-z]{2})$/u.exec(stem)?.[1] ?? 'zh';
  const id = stem.replace(/[^A-Za-z0-9_-]+/gu, '-');
  const fallback = { id, short: id, title: stem, language, official: true };
  if (!existsSync(metaPath)) return fallback;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(metaPath, 'utf8'));
  } catch (err) {
    throw new BotError('CORPUS_FILE_INVALID', `${metaPath}: not valid JSON (${describeError(err)})`);
  }
  if (!parsed || typeof parsed !== 'object') throw new BotError('CORPUS_FILE_INVALID', `${metaPath}: expected a JSON object`);
  const m = parsed as Record<string, unknown>;
  const metaId = typeof m.id === 'string' && NAME.test(m.id) ? m.id : fallback.id;
  if (m.short !== undefined && !(typeof m.short === 'string' && NAME.test(m.short))) {
    throw new BotError('CORPUS_FILE_INVALID', `${metaPath}: "short" must be letters, digits, "-" or "_" (e.g. "ssr2017")`);
  }
  return {
    id: metaId,
    short: typeof m.short === 'string' ? m.short : metaId,
    title: typeof m.title === 'string' ? m.title : fallback.title,
    symbol: typeof m.symbol === 'string' ? m.symbol : null,
    date: typeof m.date === 'string' ? m.date : undefined,
    language: typeof m.language === 'string' ? m.language : language,
    official: m.official !== false,
    translationOf: typeof m.translationOf === 'string' ? m.translationOf : undefined,
  };
}
