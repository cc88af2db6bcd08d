import type { Locale } from '../reply/reply-model.js';

/** Wording of the digest feature, in both languages. */
export interface DigestMessages {
  help: string;
  unavailableHere: string;
  subscribed: (when: string, count: number, topic: string | undefined, next: string) => string;
  noTopicMatch: (topic: string) => string;
  unsubscribed: string;
  notSubscribed: string;
  status: (when: string, topic: string | undefined, next: string, count: number, position: number) => string;
  disabled: (reason: string) => string;
  sentNow: (label: string) => string;
  sendFailed: (reason: string) => string;
  title: string;
  statusTitle: string;
  daily: (time: string, zone: string) => string;
}

export const DIGEST_MESSAGES: Record<Locale, DigestMessages> = {
  zh: {
    help: '每日建议：digest on [HH:MM] [时区] [主题] 订阅本频道（默认 09:00）；digest status 查看设置；digest now 立即发送下一条；digest off 取消。例如：digest on 08:30 Asia/Shanghai 伙伴关系',
    unavailableHere: '每日建议只能在 Slack 或 Teams 的频道和聊天中订阅，本地页面不能接收定时消息。',
    subscribed: (when, n, topic, next) => `已订阅：${when}在本频道发送一条建议（共 ${n} 条，轮流发送，发完再从头开始）${topic ? `，主题：“${topic}”` : ''}。下一次：${next}。`,
    noTopicMatch: (topic) => `没有与主题“${topic}”相关的建议。请换一个主题，或不带主题订阅全部 22 条建议。`,
    unsubscribed: '已取消本频道的每日建议。',
    notSubscribed: '本频道还没有订阅每日建议。发送 digest on 09:00 订阅。',
    status: (when, topic, next, n, pos) => `${when}${topic ? `，主题：“${topic}”` : ''}。下一次：${next}。轮换进度：第 ${pos + 1} / ${n} 条。`,
    disabled: (reason) => `本频道的每日建议已停止：${reason}。请邀请机器人加入频道或检查权限后，再发送 digest on 重新订阅。`,
    sentNow: (label) => `已在本频道发送下一条建议：${label}。`,
    sendFailed: (reason) => `发送失败（${reason}）。稍后会自动重试；如果一直失败，请检查机器人是否在本频道中。`,
    title: '今日建议',
    statusTitle: '每日建议设置',
    daily: (time, zone) => `每天 ${time} (${zone}) `,
  },
  en: {
    help: 'Daily recommendation: digest on [HH:MM] [time zone] [topic] subscribes this channel (default 09:00); digest status shows the settings; digest now posts the next one now; digest off stops. Example: digest on 08:30 Europe/Vienna partnerships',
    unavailableHere: 'Daily digests can be subscribed in Slack and Teams channels and chats; the local page cannot receive scheduled messages.',
    subscribed: (when, n, topic, next) => `Subscribed: ${when}one recommendation in this channel (${n} in rotation, all before any repeats)${topic ? `, topic “${topic}”` : ''}. Next: ${next}.`,
    noTopicMatch: (topic) => `No recommendation matches the topic “${topic}”. Try another topic, or subscribe without one to get all 22.`,
    unsubscribed: 'Daily digest for this channel stopped.',
    notSubscribed: 'This channel has no daily digest. Send digest on 09:00 to subscribe.',
    status: (when, topic, next, n, pos) => `${when}${topic ? `, topic “${topic}”` : ''}. Next: ${next}. Rotation: ${pos + 1} of ${n}.`,
    disabled: (reason) => `The daily digest for this channel was stopped: ${reason}. Invite the bot to the channel or check its permissions, then send digest on to subscribe again.`,
    sentNow: (label) => `Posted the next recommendation here: ${label}.`,
    sendFailed: (reason) => `Could not post (${reason}). It will be retried; if it keeps failing, check that the bot is in this channel.`,
    title: 'Recommendation of the day',
    statusTitle: 'Daily digest settings',
    daily: (time, zone) => `every day at ${time} (${zone}), `,
  },
};
