import type { Locale } from './reply/reply-model.js';

/**
 * One language rule for every reply kind. The message's own words decide: Han script → Chinese, a Latin word
 * (`para`, `paragraph`, `list`, `recommendation`, any question) → English. A message with neither (`13(d)`, `8`)
 * takes the user's or workspace's platform locale, then the conversation's last language, then BOT_LOCALE.
 * `names` are words that carry no language (document short names such as `ssr2017`).
 */
export function chooseLocale(text: string, platformLocale: string | undefined, fallback: Locale, last?: Locale, names: ReadonlySet<string> = new Set()): Locale {
  if (/\p{Script=Han}/u.test(text)) return 'zh';
  const words = (text.match(/[\p{Script=Latin}\d_-]*\p{Script=Latin}{2,}[\p{Script=Latin}\d_-]*/gu) ?? []).filter((w) => !names.has(w.toLowerCase()));
  if (words.length) return 'en';
  return toLocale(platformLocale) ?? last ?? fallback;
}

export function toLocale(value: string | undefined): Locale | undefined {
  if (!value) return undefined;
  const v = value.toLowerCase();
  if (v.startsWith('zh')) return 'zh';
  if (v.startsWith('en')) return 'en';
  return undefined;
}
