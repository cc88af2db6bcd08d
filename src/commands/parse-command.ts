import { normalize } from '../corpus/normalize.js';
import { parseTimeOfDay } from './parse-time.js';
import { resolveZone } from './time-zones.js';

/**
 * The command grammar shared by every adapter (README "Using it"):
 *   empty | help | 帮助                          → help
 *   list | 目录                                  → table of contents
 *   digest on [time] [zone] [topic…] [lang en|zh] → subscribe this channel (and off | status | now)
 *     time: 07:30, 7:30, 7am, 7:30pm, 19h, 19h30, 下午3点 …; zone: an IANA name, UTC±N or an unambiguous
 *     abbreviation (PST, CET, JST …), in either order before the topic; `lang en` / `lang zh` (anywhere after
 *     `on`) fixes the language the digests are posted in
 *   anything else                               → a question or a reference (decided later, in answering/answers.ts)
 */
export type DigestCommand =
  | { action: 'on'; time?: string; timeZone?: string; topic?: string; lang?: 'zh' | 'en' }
  | { action: 'off' }
  | { action: 'status' }
  | { action: 'now' }
  | { action: 'help' };

export type InvalidCommand =
  | { type: 'invalid'; code: 'DIGEST_TIME' | 'DIGEST_ZONE' | 'DIGEST_LANG'; value: string }
  /** A zone abbreviation that names several zones (CST): the reply asks which, with commands to copy. */
  | { type: 'invalid'; code: 'DIGEST_ZONE_AMBIGUOUS'; value: string; choices: string[]; time?: string; topic?: string };

export type Command = { type: 'help' } | { type: 'list' } | { type: 'digest'; digest: DigestCommand } | InvalidCommand | { type: 'query'; text: string };

const HELP = /^(?:help|帮助|\?|？|usage|使用说明|说明|h)$/u;
const LIST = /^(?:list|目录|toc|contents|table of contents|列表|建议目录|所有建议)$/u;
const DIGEST = /^(?:digest|摘要|每日建议|每日推送)(?:\s+|$)(.*)$/isu;
const ON = /^(?:on|subscribe|start|开启|开|订阅)$/u;
const OFF = /^(?:off|unsubscribe|stop|关闭|关|取消|取消订阅)$/u;
const STATUS = /^(?:status|状态|设置)$/u;
const NOW = /^(?:now|立即|现在|马上)$/u;
const MERIDIEM = /^(?:[ap]\.?m\.?)$/iu;
const LANG = /^(?:lang|language|语言)$/iu;
const LANG_VALUES: Record<string, 'zh' | 'en'> = { en: 'en', english: 'en', 英文: 'en', 英语: 'en', zh: 'zh', chinese: 'zh', 中文: 'zh', 汉语: 'zh' };

export function parseCommand(input: string): Command {
  const text = input.trim();
  const head = normalize(text).trim();
  if (!head || HELP.test(head)) return { type: 'help' };
  if (LIST.test(head)) return { type: 'list' };
  const digest = DIGEST.exec(text.normalize('NFKC'));
  if (digest) return parseDigest(digest[1].trim());
  return { type: 'query', text };
}

function parseDigest(args: string): Command {
  const words = args.split(/\s+/u).filter(Boolean);
  const verb = normalize(words.shift() ?? '');
  if (!verb) return { type: 'digest', digest: { action: 'help' } };
  if (OFF.test(verb)) return { type: 'digest', digest: { action: 'off' } };
  if (STATUS.test(verb)) return { type: 'digest', digest: { action: 'status' } };
  if (NOW.test(verb)) return { type: 'digest', digest: { action: 'now' } };
  if (!ON.test(verb)) return { type: 'digest', digest: { action: 'help' } };

  let lang: 'zh' | 'en' | undefined;
  const at = words.findIndex((w) => LANG.test(w));
  if (at >= 0) {
    const value = words[at + 1] ?? '';
    lang = LANG_VALUES[value.toLowerCase()];
    if (!lang) return { type: 'invalid', code: 'DIGEST_LANG', value };
    words.splice(at, 2);
  }

  let time: string | undefined;
  let timeZone: string | undefined;
  let ambiguous: { value: string; choices: string[] } | undefined;
  // A time and a zone, in either order, before the topic.
  for (let round = 0; round < 2 && words.length; round++) {
    // "7 pm", "7:30 p.m.": the meridiem may be a word of its own.
    const joined = words.length > 1 && MERIDIEM.test(words[1]) ? `${words[0]}${words[1]}` : words[0];
    const t = time === undefined ? parseTimeOfDay(joined) : undefined;
    if (t?.kind === 'invalid') return { type: 'invalid', code: 'DIGEST_TIME', value: joined };
    if (t?.kind === 'time') {
      time = t.time;
      words.splice(0, joined === words[0] ? 1 : 2);
      continue;
    }
    const z = timeZone === undefined && !ambiguous ? resolveZone(words[0]) : undefined;
    if (z?.kind === 'invalid') return { type: 'invalid', code: 'DIGEST_ZONE', value: words[0] };
    if (z?.kind === 'ambiguous') ambiguous = { value: words[0], choices: z.choices };
    else if (z?.kind === 'zone') timeZone = z.zone;
    else break;
    words.shift();
  }
  const topic = words.join(' ').trim() || undefined;
  if (ambiguous) return { type: 'invalid', code: 'DIGEST_ZONE_AMBIGUOUS', ...ambiguous, time, topic };
  return { type: 'digest', digest: { action: 'on', time, timeZone, topic, ...(lang ? { lang } : {}) } };
}

export { canonicalZone } from './time-zones.js';
