/**
 * How much of a question a text holds: the idf-weighted share of its concepts, each found whole (its weight), in
 * part (a share per bigram), or only in the unit's headings (a smaller share).
 */

/** A concept ready for matching: bare forms with their bigrams (for partial credit), and its rarity. */
export interface WeighedConcept {
  forms: Form[];
  idf: number;
  /** Whether the document's own text holds one of the forms: then askings add nothing to it (see coverUnit()). */
  inText?: boolean;
}

interface Form {
  text: string;
  weight: number;
  /** The form's bigrams; in coverUnit()'s held concepts, only those the unit holds. */
  terms: string[];
  /** How many bigrams the whole form has, when `terms` holds only some of them. */
  size?: number;
}

/** A form the unit lacks whole (发展行为体 in 发展和安全行为体) still earns this share of its credit per bigram present. */
const PARTIAL_CREDIT = 0.5;
/** A concept found only in the unit's headings counts this share. */
const CONTEXT_CREDIT = 0.5;
/**
 * A concept the document's text lacks, found in how people ask for the unit (its askings), counts as much as one
 * found in its headings. Wordings the text has are placed by the text alone: askings bridge words, they do not move
 * the document's own.
 */
const ASKED_CREDIT = CONTEXT_CREDIT;

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
 * A unit's coverage (as cover() gives it, headings and askings included) and its concepts as far as its text holds
 * them: forms it holds whole or in part, with only the bigrams it holds. A sentence holds no more than its unit, so covering
 * the unit's sentences with these gives the same credit for far fewer look-ups (most of a question's wordings are
 * in none of a candidate's sentences); both come from one pass over the unit.
 */
export function coverUnit(concepts: WeighedConcept[], text: string, context = '', asked = ''): { credit: number; held: WeighedConcept[] } {
  let sum = 0;
  const held: WeighedConcept[] = [];
  for (const c of concepts) {
    let credit = 0;
    if (context) for (const f of c.forms) if (context.includes(f.text)) credit = Math.max(credit, f.weight * CONTEXT_CREDIT);
    if (asked && !c.inText) for (const f of c.forms) if (asked.includes(f.text)) credit = Math.max(credit, f.weight * ASKED_CREDIT);
    const forms: Form[] = [];
    for (const f of c.forms) {
      const size = f.size ?? f.terms.length;
      const whole = text.includes(f.text);
      const terms = f.terms.filter((t) => text.includes(t));
      if (whole) credit = Math.max(credit, f.weight);
      else if (size > 1) credit = Math.max(credit, f.weight * PARTIAL_CREDIT * (terms.length / size));
      if (whole || terms.length > 0) forms.push({ text: f.text, weight: f.weight, terms, size });
    }
    sum += c.idf * credit;
    if (forms.length > 0) held.push({ forms, idf: c.idf, inText: c.inText });
  }
  return { credit: sum, held };
}
