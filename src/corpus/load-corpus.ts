import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { BotError, describeError } from '../errors.js';
import { parseDocument } from './parse-document.js';
import type { DocumentMeta, ParsedDocument } from './types.js';

export interface CorpusProblem {
  file: string;
  message: string;
}

export interface LoadedCorpus {
  documents: ParsedDocument[];
  /** Files that could not be loaded; the others still are. */
  problems: CorpusProblem[];
}

/** Documents are `*.txt` files; `name.meta.json` beside `name.txt` describes one. Glossaries (`*.tsv`) are not documents. */
export function loadCorpus(dir: string): LoadedCorpus {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new BotError('CORPUS_DIR_MISSING', `Corpus folder not found: ${dir}. Set CORPUS_DIR to the folder that holds the document .txt files (default ./corpus).`);
  }
  const files = readdirSync(dir).filter((f) => f.endsWith('.txt')).sort();
  const documents: ParsedDocument[] = [];
  const problems: CorpusProblem[] = [];
  for (const file of files) {
    const path = join(dir, file);
    try {
      const meta = readMeta(dir, file);
      const raw = readFileSync(path);
      const text = decodeUtf8(raw, path);
      documents.push(parseDocument(text, { ...meta, file: path }));
    } catch (err) {
      problems.push({ file: path, message: describeError(err) });
    }
  }
  if (documents.length === 0) {
    const why = problems.length ? problems.map((p) => `${p.file}: ${p.message}`).join('; ') : `no .txt files in ${dir}`;
    throw new BotError('CORPUS_EMPTY', `No document could be loaded (${why}). Put the document text in ${dir} or set CORPUS_DIR.`, { details: problems });
  }
  // Two documents may not share an id: references would become ambiguous.
  const seen = new Set<string>();
  for (const d of documents) {
    if (seen.has(d.meta.id)) {
      throw new BotError('CORPUS_FILE_INVALID', `${d.meta.file}: document id "${d.meta.id}" is used twice; give each .meta.json a unique "id".`);
    }
    seen.add(d.meta.id);
  }
  return { documents, problems };
}

function decodeUtf8(raw: Buffer, path: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch {
    throw new BotError('CORPUS_FILE_INVALID', `${path}: not valid UTF-8 text`);
  }
}

function readMeta(dir: string, file: string): Omit<DocumentMeta, 'file'> {
  const stem = basename(file, '.txt');
  const metaPath = join(dir, `${stem}.meta.json`);
  const fallback = { id: stem.replace(/[^A-Za-z0-9_-]+/gu, '-'), title: stem, language: 'zh' };
  if (!existsSync(metaPath)) return fallback;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(metaPath, 'utf8'));
  } catch (err) {
    throw new BotError('CORPUS_FILE_INVALID', `${metaPath}: not valid JSON (${describeError(err)})`);
  }
  if (!parsed || typeof parsed !== 'object') throw new BotError('CORPUS_FILE_INVALID', `${metaPath}: expected a JSON object`);
  const m = parsed as Record<string, unknown>;
  const id = typeof m.id === 'string' && /^[A-Za-z0-9_-]+$/u.test(m.id) ? m.id : fallback.id;
  return {
    id,
    title: typeof m.title === 'string' ? m.title : fallback.title,
    titleEn: typeof m.titleEn === 'string' ? m.titleEn : undefined,
    symbol: typeof m.symbol === 'string' ? m.symbol : null,
    date: typeof m.date === 'string' ? m.date : undefined,
    language: typeof m.language === 'string' ? m.language : 'zh',
  };
}
