import type { Locale } from '../reply/reply-model.js';

/** Wording of the digest feature, in both languages. */
export interface DigestMessages {
  help: string;
  unavailableHere: string;
  subscribed: (when: string, count: number, topic: string | undefined, next: string) => string;
  /** `all`: how many recommendations a subscription without a topic rotates through. */
  noTopicMatch: (topic: string, all: number) => string;
  unsubscribed: string;
  notSubscribed: string;
  status: (when: string, topic: string | undefined, next: string, count: number, position: number) => string;
  disabled: (reason: string) => string;
  sentNow: (label: string) => string;
  sendFailed: (reason: string) => string;
  title: string;
  statusTitle: string;
  daily: (time: string, zone: string) => string;
  saveFailed: string;
  unsubscribeFailed: string;
  storeUnavailable: string;
  nowInProgress: string;
  nowAlreadyPosted: (label: string) => string;
  nowMaybePosted: (label: string) => string;
  nowFailed: (reason: string) => string;
  invalidTime: (value: string) => string;
  invalidZone: (value: string) => string;
  invalidLang: (value: string) => string;
  /** `choices` are IANA names; `examples` the same command with each of them. */
  ambiguousZone: (value: string, choices: string[], examples: string[]) => string;
}

/** How the zones an ambiguous abbreviation may mean are called, next to their IANA names. */
const ZONE_NAMES: Record<Locale, Record<string, string>> = {
  zh: {
    'America/Chicago': '美国中部时间', 'Asia/Shanghai': '中国标准时间', 'Asia/Kolkata': '印度标准时间', 'Asia/Jerusalem': '以色列时间',
    'Europe/Dublin': '爱尔兰时间', 'Europe/London': '英国夏令时', 'Asia/Dhaka': '孟加拉国时间', 'America/Halifax': '大西洋时间',
    'Asia/Riyadh': '阿拉伯时间', 'America/Denver': '美国山地时间', 'America/Phoenix': '亚利桑那（无夏令时）',
  },
  en: {
    'America/Chicago': 'US Central', 'Asia/Shanghai': 'China', 'Asia/Kolkata': 'India', 'Asia/Jerusalem': 'Israel',
    'Europe/Dublin': 'Ireland', 'Europe/London': 'British Summer Time', 'Asia/Dhaka': 'Bangladesh', 'America/Halifax': 'Atlantic',
    'Asia/Riyadh': 'Arabia', 'America/Denver': 'US Mountain', 'America/Phoenix': 'Arizona (no daylight saving)',
  },
};

const named = (locale: Locale, zones: string[], or: string) => zones.map((z) => (ZONE_NAMES[locale][z] ? `${ZONE_NAMES[locale][z]} (${z})` : z)).join(or);

export const DIGEST_MESSAGES: Record<Locale, DigestMessages> = {
  zh: {
    help: '每日建议：digest on [时间] [时区] [主题] 订阅本频道（默认 09:00；时间如 08:30、8am、下午3点，时区如 Asia/Shanghai、UTC+8、JST）；digest status 查看设置；digest now 立即发送下一条；digest off 取消；末尾加 lang en 或 lang zh 指定推送语言。例如：digest on 08:30 Asia/Shanghai 伙伴关系',
    unavailableHere: '每日建议只能在聊天平台的频道和聊天中订阅，本地页面不能接收定时消息。',
    subscribed: (when, n, topic, next) => `已订阅：${when}在本频道发送一条建议（共 ${n} 条，轮流发送，发完再从头开始）${topic ? `，主题：“${topic}”` : ''}。下一次：${next}。`,
    noTopicMatch: (topic, all) => `没有与主题“${topic}”相关的建议。请换一个主题，或不带主题订阅全部 ${all} 条建议。`,
    unsubscribed: '已取消本频道的每日建议。',
    notSubscribed: '本频道还没有订阅每日建议。发送 digest on 09:00 订阅。',
    status: (when, topic, next, n, pos) => `${when}${topic ? `，主题：“${topic}”` : ''}。下一次：${next}。轮换进度：第 ${pos + 1} / ${n} 条。`,
    disabled: (reason) => `本频道的每日建议已停止：${reason}。请邀请机器人加入频道或检查权限后，再发送 digest on 重新订阅。`,
    sentNow: (label) => `已在本频道发送下一条建议：${label}。`,
    sendFailed: (reason) => `发送失败（${reason}）。稍后会自动重试；如果一直失败，请检查机器人是否在本频道中。`,
    title: '今日建议',
    statusTitle: '每日建议设置',
    daily: (time, zone) => `每天 ${time} (${zone}) `,
    saveFailed: '无法保存你的订阅，请稍后再试。',
    unsubscribeFailed: '现在无法取消每日建议，请稍后再试。',
    storeUnavailable: '现在无法读取每日建议的设置，请稍后再试。',
    nowInProgress: '本频道正在发送一条每日建议，请稍等片刻。',
    nowAlreadyPosted: (label) => `上一次 digest now（${label}）被中断，但消息已经发出，不再重复发送。`,
    nowMaybePosted: (label) => `上一次 digest now（${label}）被中断，可能已经发出；为避免重复，不再发送。再发送 digest now 会发下一条。`,
    nowFailed: (reason) => `发送失败（${reason}）。请稍后再发送 digest now；如果一直失败，请检查机器人是否在本频道中。`,
    invalidTime: (v) => `无法识别时间“${v}”。可以写 07:30、7:30pm、7am、19h 或 下午3点，例如 digest on 09:00 Asia/Shanghai。`,
    invalidLang: (v) => `无法识别语言“${v}”。请写 lang zh（中文）或 lang en（英文），例如 digest on 09:00 Asia/Shanghai lang en。`,
    invalidZone: (v) => `无法识别时区“${v}”。请使用 IANA 时区名（Asia/Shanghai、Europe/Vienna）、UTC+8 这样的整点偏移，或 UTC、CET、PST、JST 等缩写。`,
    ambiguousZone: (v, choices, examples) => `“${v}”可以指 ${named('zh', choices, '或 ')}。请用 IANA 时区名说明，例如：${examples.join('；')}`,
  },
  en: {
    help: 'Daily recommendation: digest on [time] [time zone] [topic] subscribes this channel (default 09:00; times like 08:30, 8am, 7:30pm; zones like Europe/Vienna, UTC+8, PST); digest status shows the settings; digest now posts the next one now; digest off stops; add lang en or lang zh to choose the language it posts in. Example: digest on 08:30 Europe/Vienna partnerships',
    unavailableHere: 'Daily digests can be subscribed in chat channels and conversations; the local page cannot receive scheduled messages.',
    subscribed: (when, n, topic, next) => `Subscribed: ${when}one recommendation in this channel (${n} in rotation, all before any repeats)${topic ? `, topic “${topic}”` : ''}. Next: ${next}.`,
    noTopicMatch: (topic, all) => `No recommendation matches the topic “${topic}”. Try another topic, or subscribe without one to get all ${all}.`,
    unsubscribed: 'Daily digest for this channel stopped.',
    notSubscribed: 'This channel has no daily digest. Send digest on 09:00 to subscribe.',
    status: (when, topic, next, n, pos) => `${when}${topic ? `, topic “${topic}”` : ''}. Next: ${next}. Rotation: ${pos + 1} of ${n}.`,
    disabled: (reason) => `The daily digest for this channel was stopped: ${reason}. Invite the bot to the channel or check its permissions, then send digest on to subscribe again.`,
    sentNow: (label) => `Posted the next recommendation here: ${label}.`,
    sendFailed: (reason) => `Could not post (${reason}). It will be retried; if it keeps failing, check that the bot is in this channel.`,
    title: 'Recommendation of the day',
    statusTitle: 'Daily digest settings',
    daily: (time, zone) => `every day at ${time} (${zone}), `,
    saveFailed: 'Could not save your subscription; try again later.',
    unsubscribeFailed: 'Could not stop the daily digest right now; try again later.',
    storeUnavailable: 'Cannot read the daily digest settings right now; try again later.',
    nowInProgress: 'A digest is being posted in this channel right now; wait a moment.',
    nowAlreadyPosted: (label) => `The previous digest now (${label}) was interrupted after it had been posted; it is not posted again.`,
    nowMaybePosted: (label) => `The previous digest now (${label}) was interrupted and may have been posted; to avoid a duplicate it is not posted again. Send digest now for the next one.`,
    nowFailed: (reason) => `Could not post (${reason}). Send digest now again later; if it keeps failing, check that the bot is in this channel.`,
    invalidTime: (v) => `“${v}” is not a time. Write 07:30, 7:30pm, 7am or 19h, e.g. digest on 09:00 Europe/Vienna.`,
    invalidLang: (v) => `“${v}” is not a language for the digest. Write lang en (English) or lang zh (Chinese), e.g. digest on 09:00 Europe/Vienna lang zh.`,
    invalidZone: (v) => `“${v}” is not a time zone. Use an IANA name such as Europe/Vienna or America/New_York, a whole-hour offset such as UTC+8, or UTC, CET, PST, EST, JST.`,
    ambiguousZone: (v, choices, examples) => `“${v}” can mean ${named('en', choices, ' or ')}. Say which with its IANA name: ${examples.join(' · ')}`,
  },
};
