import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { QueryExpander } from '../search/query-plan.js';
import { Glossary, parseGlossary } from './glossary.js';

/**
 * Reads every *.tsv glossary in the corpus folder (not a document's `.askings.tsv`); none is fine (English questions
 * then find little).
 */
export function loadGlossary(dir: string): Glossary {
  if (!existsSync(dir)) return new Glossary([]);
  const entries = readdirSync(dir)
    .filter((f) => f.endsWith('.tsv') && !f.endsWith('.askings.tsv'))
    .sort()
    .flatMap((f) => parseGlossary(readFileSync(join(dir, f), 'utf8'), join(dir, f)));
  return new Glossary(entries);
}

export function loadGlossaryExpander(dir: string): QueryExpander | undefined {
  const g = loadGlossary(dir);
  return g.size ? g.expander() : undefined;
}
