import type { Locale } from './reply-model.js';

/**
 * Button payloads. Adapters carry the encoded string to the platform and back without reading it.
 * Kept short: platforms cap button values (at 2000 characters, the smallest), and the query inside is capped at 500.
 */
export type ActionPayload =
  | { a: 'full'; id: string; l: Locale; q?: string; v?: string }
  | { a: 'more'; q: string; o: number; l: Locale }
  | { a: 'fb'; id: string; up: boolean; q: string };

export function encodeAction(p: ActionPayload): string {
  return JSON.stringify(p);
}

export function decodeAction(value: unknown): ActionPayload | undefined {
  if (typeof value !== 'string' || value.length > 4000) return undefined;
  let p: unknown;
  try {
    p = JSON.parse(value);
  } catch {
    return undefined;
  }
  if (!p || typeof p !== 'object') return undefined;
  const o = p as Record<string, unknown>;
  const locale = o.l === 'en' || o.l === 'zh' ? o.l : undefined;
  switch (o.a) {
    case 'full':
      return typeof o.id === 'string' && locale
        ? { a: 'full', id: o.id, l: locale, q: typeof o.q === 'string' ? o.q : undefined, v: typeof o.v === 'string' && /^[a-z]{2}$/u.test(o.v) ? o.v : undefined }
        : undefined;
    case 'more':
    case 'share': // buttons posted before "share" became an adapter's own
      return typeof o.q === 'string' && Number.isInteger(o.o) && (o.o as number) >= 0 && locale
        ? { a: 'more', q: o.q, o: o.o as number, l: locale }
        : undefined;
    case 'fb':
      return typeof o.id === 'string' && typeof o.up === 'boolean' && typeof o.q === 'string' ? { a: 'fb', id: o.id, up: o.up, q: o.q } : undefined;
    default:
      return undefined;
  }
}
