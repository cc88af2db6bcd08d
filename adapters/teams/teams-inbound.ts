import type { Activity, ConversationReference } from 'botbuilder';
import type { InboundMessage } from '../../src/bot.js';

/** Teams activities → the core's inbound message. Addresses are "teams:<conversation id without ;messageid=>". */
export const TEAMS_PREFIX = 'teams:';

export function teamsAddress(conversationId: string): string {
  return `${TEAMS_PREFIX}${conversationId.split(';messageid=')[0]}`;
}

/**
 * Removes every mention of the bot (Teams puts `<at>Bot</at>` wherever the user typed it, with \r\n around),
 * keeps other people's mentions as their plain names, and decodes the few HTML entities Teams sends.
 */
export function cleanTeamsText(activity: Partial<Activity>): string {
  let text = activity.text ?? '';
  const botId = activity.recipient?.id;
  for (const e of activity.entities ?? []) {
    if (e.type !== 'mention') continue;
    const m = e as { mentioned?: { id?: string; name?: string }; text?: string };
    if (!m.text) continue;
    const replacement = m.mentioned?.id === botId ? ' ' : ` ${stripTags(m.text)} `;
    text = text.split(m.text).join(replacement);
  }
  // Any <at> left without an entity (older clients) is the bot's when it is at the very start.
  text = text.replace(/^\s*<at>[^<]*<\/at>/u, ' ');
  return decodeEntities(stripTags(text)).replace(/\s+/gu, ' ').trim();
}

function stripTags(s: string): string {
  return s.replace(/<\/?at>/gu, '');
}

function decodeEntities(s: string): string {
  return s.replace(/&nbsp;/gu, ' ').replace(/&lt;/gu, '<').replace(/&gt;/gu, '>').replace(/&quot;/gu, '"').replace(/&#39;/gu, "'").replace(/&amp;/gu, '&');
}

export function teamsInbound(activity: Partial<Activity>): InboundMessage {
  return {
    address: teamsAddress(activity.conversation?.id ?? 'unknown'),
    user: activity.from?.aadObjectId ?? activity.from?.id ?? 'unknown',
    text: cleanTeamsText(activity),
    locale: activity.locale,
    isDirect: activity.conversation?.conversationType === 'personal',
    commandPrefix: commandPrefix(activity),
  };
}

/** How users address the bot here: nothing in a 1:1 chat; elsewhere a mention of the name this app has in Teams. */
export function commandPrefix(activity: Partial<Activity>): string {
  if (activity.conversation?.conversationType === 'personal') return '';
  return `@${activity.recipient?.name?.trim() || 'ssr-bot'}`;
}

/** What a stored conversation reference must keep for a later proactive message. */
export function storedReference(ref: Partial<ConversationReference>): Partial<ConversationReference> {
  const conversationId = ref.conversation?.id?.split(';messageid=')[0];
  return { ...ref, conversation: ref.conversation ? { ...ref.conversation, id: conversationId ?? ref.conversation.id } : ref.conversation, activityId: undefined };
}
