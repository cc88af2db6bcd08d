import type { Range } from './highlight.js';

/**
 * Sentences of a unit as ranges on its text: a sentence ends at 。！？；!?; or at a full stop before a space (English),
 * and a closing quote or bracket right after. The semicolon counts because the document lists the sessions and the chair's panel in ；-separated clauses,
 * and the answer to "what did the third session discuss" is one such clause.
 */
const SENTENCE = /(?:[^。！？；!?;.]|\.(?!\s|$))*(?:[。！？；!?;]+|\.(?=\s|$))[”’」』)）"]?|(?:[^。！？；!?;.]|\.(?!\s|$))+$/gu;

export function splitSentences(text: string): Range[] {
  const out: Range[] = [];
  for (const m of text.matchAll(SENTENCE)) if (m[0].trim().length) out.push([m.index!, m.index! + m[0].length]);
  if (out.length === 0) out.push([0, text.length]);
  return out;
}
