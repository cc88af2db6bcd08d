import { cpSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CORPUS_DIR } from './bot.js';

export const SECOND_DOCUMENT_DIR = new URL('../fixtures/second-document/', import.meta.url).pathname;

/** A fresh copy of the shipped corpus (documents, versions, glossary), plus the files of `extra` folders. */
export function corpusCopy(...extra: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'ssr-corpus-'));
  for (const from of [CORPUS_DIR, ...extra]) for (const f of readdirSync(from)) cpSync(join(from, f), join(dir, f));
  return dir;
}
