import { normalize } from '../corpus/normalize.js';

/**
 * The command grammar shared by every adapter (DESIGN.md §2):
 *   empty | help | 帮助                      → help
 *   list | 目录                              → table of contents
 *   digest on [HH:MM] [IANA zone] [topic…]  → subscribe this channel (and off | status | now)
 *   anything else                           → a question or a reference (decided later, in answer.ts)
 */
export type DigestCommand =
  | { action: 'on'; time?: string; timeZone?: string; topic?: string }
  | { action: 'off' }
  | { action: 'status' }
  | { action: 'now' }
  | { action: 'help' };

export type Command =
  | { type: 'help' }
  | { type: 'list' }
  | { type: 'digest'; digest: DigestCommand }
  | { type: 'invalid'; code: 'DIGEST_TIME' | 'DIGEST_ZONE'; value: string }
  | { type: 'query'; text: string };

const HELP = /^(?:help|帮助|\?|？|usage|使用说明|说明|h)$/u;
const LIST = /^(?:list|目录|toc|contents|table of contents|列表|建议目录|所有建议)$/u;
const DIGEST = /^(?:digest|摘要|每日建议|每日推送)(?:\s+|$)(.*)$/isu;
const ON = /^(?:on|subscribe|start|开启|开|订阅)$/u;
const OFF = /^(?:off|unsubscribe|stop|关闭|关|取消|取消订阅)$/u;
const STATUS = /^(?:status|状态|设置)$/u;
const NOW = /^(?:now|立即|现在|马上)$/u;
const TIME = /^(\d{1,2})[:：](\d{2})$/u;

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
  let time: string | undefined;
  let timeZone: string | undefined;
  const first = words[0] ? normalize(words[0]) : '';
  const t = TIME.exec(first);
  if (t) {
    const h = Number(t[1]);
    const m = Number(t[2]);
    if (h > 23 || m > 59) return { type: 'invalid', code: 'DIGEST_TIME', value: words[0] };
    time = `${String(h).padStart(2, '0')}:${t[2]}`;
    words.shift();
  } else if (/^\d{1,2}[:：]\d*$|^\d{1,2}$/u.test(first)) {
    return { type: 'invalid', code: 'DIGEST_TIME', value: words[0] };
  }
  if (words[0] && looksLikeZone(words[0])) {
    const zone = canonicalZone(words[0]);
    if (!zone) return { type: 'invalid', code: 'DIGEST_ZONE', value: words[0] };
    timeZone = zone;
    words.shift();
  }
  const topic = words.join(' ').trim();
  return { type: 'digest', digest: { action: 'on', time, timeZone, topic: topic || undefined } };
}

function looksLikeZone(word: string): boolean {
  return /^[A-Za-z_]+\/[A-Za-z_+\-/0-9]+$/u.test(word) || /^(?:utc|gmt|z)$/iu.test(word);
}

/** The IANA name Intl knows for a zone ("asia/shanghai" → "Asia/Shanghai"), or undefined. */
export function canonicalZone(zone: string): string | undefined {
  if (/^(?:utc|gmt|z)$/iu.test(zone)) return 'UTC';
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}
