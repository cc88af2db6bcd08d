import type { Activity, ConversationReference } from 'botbuilder';
import { BOT_NAME } from '../../src/i18n/messages.js';
import type { InboundAction, InboundMessage } from '../../src/inbound.js';
import { SUBMIT_KEY } from '../render/adaptive-card.js';

/** Teams activities → the core's inbound message. Addresses are "teams:<conversation id without ;messageid=>". */
export const TEAMS_PREFIX = 'teams:';

export function teamsAddress(conversationId: string): string {
  return `${TEAMS_PREFIX}${conversationId.split(';messageid=')[0]}`;
}

/** Mentions past this many are ignored (their names stay as plain text): bounds the work a message can cause. */
export const MAX_MENTIONS = 50;

/**
 * Removes every mention of the bot (Teams puts `<at>Bot</at>` wherever the user typed it, with \r\n around),
 * keeps other people's mentions as their plain names, and decodes the few HTML entities Teams sends.
 * One pass over the text, whatever the number of entities: each `<at>…</at>` is looked up, never re-scanned.
 */
export function cleanTeamsText(activity: Partial<Activity>): string {
  const text = typeof activity.text === 'string' ? activity.text : '';
  const botId = activity.recipient?.id;
  const replacements = new Map<string, string>();
  const entities = Array.isArray(activity.entities) ? activity.entities : [];
  let mentions = 0;
  for (const e of entities) {
    if (mentions >= MAX_MENTIONS) break;
    const m = e as { type?: unknown; mentioned?: { id?: unknown }; text?: unknown } | null;
    if (!m || m.type !== 'mention' || typeof m.text !== 'string' || !m.text) continue;
    mentions++;
    if (!replacements.has(m.text)) replacements.set(m.text, m.mentioned?.id === botId ? ' ' : ` ${stripTags(m.text)} `);
  }
  // Any <at> without an entity (older clients) is the bot's when it is at the very start.
  let leading = /^\s*<at>[^<]*<\/at>/u.exec(text)?.[0];
  if (leading && replacements.has(leading.trim())) leading = undefined;
  const body = leading ? ` ${text.slice(leading.length)}` : text;
  const cleaned = body.replace(/<at>[^<]*<\/at>/gu, (tag) => replacements.get(tag) ?? ` ${stripTags(tag)} `);
  return decodeEntities(stripTags(cleaned)).replace(/\s+/gu, ' ').trim();
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
    commandPrefix: commandPrefix(activity),
  };
}

/** A message activity → a message, or a button press: a card's Action.Submit arrives as a message with a value and no text. */
export function activityInbound(activity: Partial<Activity>): InboundMessage | InboundAction {
  const value = activity.value as Record<string, unknown> | undefined;
  if (value === null || typeof value !== 'object' || activity.text?.trim()) return teamsInbound(activity);
  const inbound = teamsInbound(activity);
  return { address: inbound.address, user: inbound.user, value: typeof value[SUBMIT_KEY] === 'string' ? (value[SUBMIT_KEY] as string) : '', locale: activity.locale };
}

/** How users address the bot here: nothing in a 1:1 chat; elsewhere a mention of the name this app has in Teams. */
export function commandPrefix(activity: Partial<Activity>): string {
  if (activity.conversation?.conversationType === 'personal') return '';
  return `@${activity.recipient?.name?.trim() || BOT_NAME}`;
}

/** What a stored conversation reference must keep for a later proactive message. */
export function storedReference(ref: Partial<ConversationReference>): Partial<ConversationReference> {
  const conversationId = ref.conversation?.id?.split(';messageid=')[0];
  return { ...ref, conversation: ref.conversation ? { ...ref.conversation, id: conversationId ?? ref.conversation.id } : ref.conversation, activityId: undefined };
}
