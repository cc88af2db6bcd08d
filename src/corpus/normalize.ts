/**
 * Normalisation for matching only; the original text is always what users see.
 * - NFKC folds full-width letters, digits and brackets to their ASCII forms (（ｄ） → (d)).
 * - Lower case for Latin text.
 * - White space next to a Han character is dropped, so 《2030 年议程》 = 《2030年议程》 and 目标 16 = 目标16.
 * The returned map gives, for every normalised UTF-16 index, the index in the original string, so highlight
 * ranges found in normalised text can be shown on the original.
 */
export interface Normalized {
  text: string;
  /** map[i] = index in the original of normalised char i; map[text.length] = original length. */
  map: number[];
}

const HAN = /\p{Script=Han}/u;
const SPACE = /\s/u;

export function isHan(ch: string): boolean {
  return HAN.test(ch);
}

export function normalizeWithMap(original: string): Normalized {
  // First pass: fold each code point, keeping its original offset.
  const folded: { ch: string; at: number }[] = [];
  let i = 0;
  for (const cp of original) {
    const f = foldCodePoint(cp);
    for (const ch of f) folded.push({ ch, at: i });
    i += cp.length;
  }
  // Second pass: collapse white space; drop it entirely when a Han character is on either side.
  let text = '';
  const map: number[] = [];
  for (let k = 0; k < folded.length; k++) {
    const { ch, at } = folded[k];
    if (SPACE.test(ch)) {
      let j = k;
      while (j + 1 < folded.length && SPACE.test(folded[j + 1].ch)) j++;
      const prev = text.length > 0 ? text[text.length - 1] : '';
      const next = j + 1 < folded.length ? folded[j + 1].ch : '';
      if (prev && next && !isHan(prev) && !isHan(next)) {
        text += ' ';
        map.push(at);
      }
      k = j;
      continue;
    }
    for (let u = 0; u < ch.length; u++) {
      text += ch[u];
      map.push(at + Math.min(u, ch.length - 1));
    }
  }
  map.push(original.length);
  return { text, map };
}

/**
 * The text of normalizeWithMap(text), built without the offset map. A question passes the command parser, the
 * reference parser and the query planner: the recent results are kept, so each text is normalised once.
 */
export function normalize(original: string): string {
  let text = recent.get(original);
  if (text === undefined) {
    if (recent.size >= RECENT_LIMIT) recent.clear();
    recent.set(original, (text = fold(original)));
  }
  return text;
}

const recent = new Map<string, string>();
const RECENT_LIMIT = 256;

/**
 * One code point folded. NFKC of a lone code point is a slow call and texts repeat a few thousand code points,
 * so results are kept (bounded: a question could bring any of a million).
 */
function foldCodePoint(cp: string): string {
  let f = folded.get(cp);
  if (f === undefined) {
    if (folded.size >= FOLDED_LIMIT) folded.clear();
    folded.set(cp, (f = cp.normalize('NFKC').toLowerCase()));
  }
  return f;
}

const folded = new Map<string, string>();
const FOLDED_LIMIT = 65_536;

function fold(original: string): string {
  let folded = '';
  for (const cp of original) folded += foldCodePoint(cp);
  return folded.replace(/\s+/gu, (space, at: number) => {
    const prev = folded[at - 1];
    const next = folded[at + space.length];
    return prev && next && !isHan(prev) && !isHan(next) ? ' ' : '';
  });
}

/** Text with all white space removed (the evaluation's comparison form). */
export function squash(text: string): string {
  return text.replace(/\s+/gu, '');
}
