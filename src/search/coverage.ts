/**
 * How much of a question a text holds: the idf-weighted share of its concepts, each found whole (its weight), in
 * part (a share per bigram), or only in the unit's headings (a smaller share).
 */

/** A concept ready for matching: bare forms with their bigrams (for partial credit), and its rarity. */
export interface WeighedConcept {
  forms: { text: string; weight: number; terms: string[] }[];
  idf: number;
}

/** A form the unit lacks whole (发展行为体 in 发展和安全行为体) still earns this share of its credit per bigram present. */
const PARTIAL_CREDIT = 0.5;
/** A concept found only in the unit's headings counts this share. */
const CONTEXT_CREDIT = 0.5;

/**
 * Covered concept weight in a text: a form found whole earns its weight; one found in part, a share;
 * a form found only in the unit's headings (建议 for a recommendation), CONTEXT_CREDIT of its weight.
 */
export function cover(concepts: WeighedConcept[], text: string, context = ''): number {
  let sum = 0;
  for (const c of concepts) {
    let credit = 0;
    if (context) for (const f of c.forms) if (context.includes(f.text)) credit = Math.max(credit, f.weight * CONTEXT_CREDIT);
    for (const f of c.forms) {
      if (text.includes(f.text)) credit = Math.max(credit, f.weight);
      else if (f.terms.length > 1) {
        let present = 0;
        for (const t of f.terms) if (text.includes(t)) present++;
        credit = Math.max(credit, f.weight * PARTIAL_CREDIT * (present / f.terms.length));
      }
    }
    sum += c.idf * credit;
  }
  return sum;
}

