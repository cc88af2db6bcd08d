/**
 * Times of day as people type them, to 24-hour "HH:MM":
 *   07:30 7:30 19.30 (24-hour) · 7am 7:30pm 7:30 p.m. 12am=00:00 12pm=12:00 · 19h 19h30 · 7点 19点30 7点半 下午3点
 * Something that looks like a time but is not one (25:00, 13pm, 19h75, a bare 9) is "invalid", so the reply can
 * say how to write it instead of taking it for a topic. Input is NFKC-normalised (full-width digits and colon).
 */
export type TimeOfDay = { kind: 'time'; time: string } | { kind: 'invalid' };

const H24 = /^(\d{1,2})[:.](\d{2})$/u;
const H12 = /^(\d{1,2})(?:[:.](\d{2}))?([ap])\.?m\.?$/iu;
const H_SUFFIX = /^(\d{1,2})h(\d{2})?$/iu;
const ZH = /^(上午|早上|早晨|清晨|凌晨|中午|下午|傍晚|晚上)?(\d{1,2})[点點时時](?:(\d{1,2})分?|(半))?$/u;
/** Digits with a separator, a meridiem, an h or 点: a time that failed the forms above is a mistake, not a topic. */
const TIME_LIKE = /^\d+(?:[:.]\d*|h\d*|[:.]?\d*\s*[ap]\.?m\.?|[点點时時].*)$|^\d{1,2}$/iu;

export function parseTimeOfDay(word: string): TimeOfDay | undefined {
  const w = word.trim();
  let m = H24.exec(w);
  if (m) return hm(Number(m[1]), Number(m[2]));
  m = H12.exec(w);
  if (m) {
    const h = Number(m[1]);
    if (h < 1 || h > 12) return { kind: 'invalid' };
    return hm((h % 12) + (m[3].toLowerCase() === 'p' ? 12 : 0), Number(m[2] ?? 0));
  }
  m = H_SUFFIX.exec(w);
  if (m) return hm(Number(m[1]), Number(m[2] ?? 0));
  m = ZH.exec(w);
  if (m) return hm(zhHour(m[1], Number(m[2])), m[4] ? 30 : Number(m[3] ?? 0));
  return TIME_LIKE.test(w) ? { kind: 'invalid' } : undefined;
}

/** 下午3点 → 15, 中午1点 → 13, 凌晨12点 → 0, 晚上12点 → 0 (midnight); 13+ only without a part of day. */
function zhHour(part: string | undefined, h: number): number {
  if (!part) return h;
  if (h > 12) return Number.NaN;
  if (part === '下午' || part === '傍晚') return h === 12 ? 12 : h + 12;
  if (part === '晚上') return h === 12 ? 0 : h + 12;
  if (part === '中午') return h <= 2 ? h + 12 : h;
  return part === '凌晨' && h === 12 ? 0 : h;
}

function hm(h: number, m: number): TimeOfDay {
  if (!Number.isInteger(h) || !Number.isInteger(m) || h > 23 || m > 59) return { kind: 'invalid' };
  return { kind: 'time', time: `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}` };
}
