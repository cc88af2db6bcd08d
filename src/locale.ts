import type { Locale } from './reply/reply-model.js';

/**
 * The reply language follows the question: Han script → Chinese, Latin words → English.
 * A question with neither (a reference such as "13(d)") takes the user's platform locale, then BOT_LOCALE.
 */
export function chooseLocale(text: string, platformLocale: string | undefined, fallback: Locale): Locale {
  if (/\p{Script=Han}/u.test(text)) return 'zh';
  const words = text.match(/\p{Script=Latin}{2,}/gu) ?? [];
  // "para 8" and "13(d)" carry no real language; a word that is not a reference keyword does.
  if (words.some((w) => !/^(?:para|paragraph|par|rec|recommendation|no)$/iu.test(w))) return 'en';
  const fromPlatform = toLocale(platformLocale);
  if (fromPlatform) return fromPlatform;
  if (words.length) return 'en';
  return fallback;
}

export function toLocale(value: string | undefined): Locale | undefined {
  if (!value) return undefined;
  const v = value.toLowerCase();
  if (v.startsWith('zh')) return 'zh';
  if (v.startsWith('en')) return 'en';
  return undefined;
}
