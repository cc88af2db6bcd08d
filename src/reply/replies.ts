import type { ErrorCode } from '../errors.js';
import { MESSAGES } from '../i18n/messages.js';
import type { Locale, Reply, ReplyHit } from './reply-model.js';

/** Reply skeletons every core service builds on; pure, so no service needs another to say something. */
export function baseReply(kind: Reply['kind'], locale: Locale): Reply {
  return { kind, locale, title: '', hits: [], total: 0, offset: 0, actions: [], suggestions: [], fallbackText: '', labels: MESSAGES[locale].labels };
}

export function noticeReply(locale: Locale, text: string): Reply {
  return { ...baseReply('notice', locale), title: text, message: text, fallbackText: text };
}

export function errorReply(locale: Locale, code: ErrorCode, text: string): Reply {
  return { ...baseReply('error', locale), code, title: text, message: text, fallbackText: text };
}

export function hitsFallback(title: string, hits: ReplyHit[]): string {
  return [title, ...hits.map((h) => `${h.label}: ${h.excerpt}`)].join('\n');
}
