/**
 * How much of a question a text holds: the idf-weighted share of its concepts, each found whole (its weight), in
 * part (a share per bigram), or only in the unit's headings (a smaller share).
 */

/** A concept ready for matching: bare forms with their bigrams (for partial credit), and its rarity. */
export interface WeighedConcept {
  forms: Form[];
  idf: number;
}

interface Form {
  text: string;
  weight: number;
  /** The form's bigrams; after narrow(), only those the narrowed text holds. */
  terms: string[];
  /** How many bigrams the whole form has, when `terms` holds only some of them. */
  size?: number;
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
      else if ((f.size ?? f.terms.length) > 1) {
        let present = 0;
        for (const t of f.terms) if (text.includes(t)) present++;
        credit = Math.max(credit, f.weight * PARTIAL_CREDIT * (present / (f.size ?? f.terms.length)));
      }
    }
    sum += c.idf * credit;
  }
  return sum;
}


/**
 * The concepts as far as `text` holds them: forms it holds whole or in part, with only the bigrams it holds.
 * A sentence holds no more than its unit, so covering a unit's sentences with the unit's narrowed concepts gives
 * the same credit for far fewer look-ups (most of a question's wordings are in none of a candidate's sentences).
 */
export function narrow(concepts: WeighedConcept[], text: string): WeighedConcept[] {
  const out: WeighedConcept[] = [];
  for (const c of concepts) {
    const forms: Form[] = [];
    for (const f of c.forms) {
      const terms = f.terms.filter((t) => text.includes(t));
      if (terms.length > 0 || text.includes(f.text)) forms.push({ text: f.text, weight: f.weight, terms, size: f.size ?? f.terms.length });
    }
    if (forms.length > 0) out.push({ forms, idf: c.idf });
  }
  return out;
}
