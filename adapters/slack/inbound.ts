import type { InboundMessage } from '../../src/inbound.js';

/**
 * Slack payloads → the core's inbound message. Addresses are "slack:<team>:<channel>"; the core never
 * parses them, the Slack delivery port does.
 */
export const SLACK_PREFIX = 'slack:';

export function slackAddress(team: string | undefined, channel: string): string {
  return `${SLACK_PREFIX}${team ?? 'T?'}:${channel}`;
}

export function parseSlackAddress(address: string): { team: string; channel: string } | undefined {
  const m = /^slack:([^:]+):([^:]+)$/u.exec(address);
  return m ? { team: m[1], channel: m[2] } : undefined;
}

/** Slack sends &, < and > encoded in message text; user mentions arrive as <@U123> or <@U123|name>. */
export function decodeSlackText(text: string): string {
  return text.replace(/&lt;/gu, '<').replace(/&gt;/gu, '>').replace(/&amp;/gu, '&');
}

/** Removes the bot's own mention (anywhere, every time) and trims. */
export function stripBotMention(text: string, botUserId: string | undefined): string {
  const own = botUserId ? new RegExp(`<@${botUserId}(?:\\|[^>]*)?>`, 'gu') : /^\s*<@[UW][A-Z0-9]+(?:\|[^>]*)?>/u;
  return text.replace(own, ' ').replace(/\s+/gu, ' ').trim();
}

export function commandInbound(cmd: { team_id: string; channel_id: string; user_id: string; text?: string; command: string }): InboundMessage {
  return {
    address: slackAddress(cmd.team_id, cmd.channel_id),
    user: cmd.user_id,
    text: decodeSlackText(cmd.text ?? ''),
    commandPrefix: cmd.command,
  };
}

export function messageInbound(
  event: { channel: string; user?: string; text?: string; team?: string },
  teamId: string | undefined,
  botUserId: string | undefined,
  isDirect: boolean,
  commandPrefix: string,
): InboundMessage {
  return {
    address: slackAddress(event.team ?? teamId, event.channel),
    user: event.user ?? 'unknown',
    text: decodeSlackText(stripBotMention(event.text ?? '', botUserId)),
    commandPrefix: isDirect ? '' : commandPrefix,
  };
}
