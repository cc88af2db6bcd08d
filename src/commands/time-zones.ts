/**
 * Time-zone words in `digest on`: IANA names (any case), UTC±N / GMT±N, and the abbreviations people write.
 * An abbreviation maps to a zone with its daylight-saving rules (PST and PDT both mean America/Los_Angeles),
 * so the digest follows the clock the channel lives by. Abbreviations used for several zones are "ambiguous"
 * and the reply asks which, naming the IANA zones to use instead.
 */
export type ZoneWord = { kind: 'zone'; zone: string } | { kind: 'ambiguous'; choices: string[] } | { kind: 'invalid' };

const ABBREVIATIONS: Record<string, string> = {
  UTC: 'UTC', GMT: 'UTC', UT: 'UTC', Z: 'UTC',
  CET: 'Europe/Paris', CEST: 'Europe/Paris', MEZ: 'Europe/Berlin', MESZ: 'Europe/Berlin',
  EET: 'Europe/Athens', EEST: 'Europe/Athens', MSK: 'Europe/Moscow',
  PST: 'America/Los_Angeles', PDT: 'America/Los_Angeles', PT: 'America/Los_Angeles',
  MDT: 'America/Denver', CDT: 'America/Chicago',
  EST: 'America/New_York', EDT: 'America/New_York', ET: 'America/New_York',
  AKST: 'America/Anchorage', AKDT: 'America/Anchorage', HST: 'Pacific/Honolulu',
  JST: 'Asia/Tokyo', KST: 'Asia/Seoul', HKT: 'Asia/Hong_Kong', SGT: 'Asia/Singapore',
  AEST: 'Australia/Sydney', AEDT: 'Australia/Sydney', NZST: 'Pacific/Auckland', NZDT: 'Pacific/Auckland',
  北京时间: 'Asia/Shanghai', 北京時間: 'Asia/Shanghai', 中国时间: 'Asia/Shanghai', 东京时间: 'Asia/Tokyo',
};

const AMBIGUOUS: Record<string, string[]> = {
  CST: ['America/Chicago', 'Asia/Shanghai'],
  IST: ['Asia/Kolkata', 'Asia/Jerusalem', 'Europe/Dublin'],
  BST: ['Europe/London', 'Asia/Dhaka'],
  AST: ['America/Halifax', 'Asia/Riyadh'],
  MST: ['America/Denver', 'America/Phoenix'],
};

/** Two-letter abbreviations (ET, PT, UT) only in capitals: "et", "pt" are too likely to be words of a topic. */
const CASE_SENSITIVE = new Set(['UT', 'ET', 'PT']);
const IANA_LIKE = /^[A-Za-z_]+(?:\/[A-Za-z0-9_+-]+)+$/u;
const UTC_OFFSET = /^(?:UTC|GMT)([+-])(\d{1,2})(?::?(\d{2}))?$/iu;

/** What a word in the zone position means, or undefined when it is no zone word at all (a topic, then). */
export function resolveZone(word: string): ZoneWord | undefined {
  const upper = word.toUpperCase();
  const key = CASE_SENSITIVE.has(upper) ? word : upper;
  if (Object.hasOwn(ABBREVIATIONS, key)) return { kind: 'zone', zone: ABBREVIATIONS[key] };
  if (Object.hasOwn(AMBIGUOUS, upper)) return { kind: 'ambiguous', choices: AMBIGUOUS[upper] };
  if (Object.hasOwn(ABBREVIATIONS, word)) return { kind: 'zone', zone: ABBREVIATIONS[word] };
  const offset = UTC_OFFSET.exec(word);
  if (offset) {
    // Etc/GMT zones count west-positive: UTC+8 is Etc/GMT-8. Only whole hours exist there.
    const hours = Number(offset[2]);
    const ok = (offset[3] === undefined || offset[3] === '00') && (offset[1] === '+' ? hours <= 14 : hours <= 12);
    if (!ok) return { kind: 'invalid' };
    return { kind: 'zone', zone: hours === 0 ? 'UTC' : `Etc/GMT${offset[1] === '+' ? '-' : '+'}${hours}` };
  }
  if (!IANA_LIKE.test(word)) return undefined;
  const zone = canonicalZone(word);
  return zone ? { kind: 'zone', zone } : { kind: 'invalid' };
}

/**
 * The IANA name for a zone Intl accepts, in its proper case ("asia/shanghai" → "Asia/Shanghai"; UTC, GMT, Z →
 * UTC), or undefined. A current name Intl files under an older one (America/Nuuk → America/Godthab) keeps the
 * name the user wrote.
 */
export function canonicalZone(zone: string): string | undefined {
  if (/^(?:utc|gmt|z)$/iu.test(zone)) return 'UTC';
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
  if (resolved.toLowerCase() === zone.toLowerCase()) return resolved;
  if (zone !== zone.toLowerCase()) return zone;
  return zone.replace(/(^|[/_-])(\p{L})/gu, (_, sep: string, c: string) => sep + c.toUpperCase());
}
