/**
 * The bot token scopes the Slack app asks for (the manifest template lists exactly these; a test keeps them
 * equal) and what stops working without each: `npm run doctor` names the feature behind a missing scope.
 * `required: false` marks scopes the manifest asks for though no current feature fails without them.
 */
export interface ScopeUse {
  feature: string;
  required: boolean;
}

export const BOT_SCOPES: Record<string, ScopeUse> = {
  commands: { feature: 'the slash command (/ssr …)', required: true },
  'app_mentions:read': { feature: '@mentions in channels (event app_mention)', required: true },
  'chat:write': { feature: 'answers to mentions and direct messages, and daily digests', required: true },
  'im:history': { feature: 'direct messages to the bot (event message.im)', required: true },
  'channels:history': { feature: 'digest reconciliation in public channels (reads back whether an uncertain digest post arrived)', required: true },
  'groups:history': { feature: 'digest reconciliation in private channels', required: true },
  'im:read': { feature: 'direct-message channel details (asked for by the manifest)', required: false },
  'im:write': { feature: 'opening direct messages (asked for by the manifest)', required: false },
};

/** The events the app subscribes to and the scope each needs (Slack refuses the manifest otherwise). */
export const BOT_EVENTS: Record<string, string | undefined> = {
  app_mention: 'app_mentions:read',
  app_home_opened: undefined,
  'message.im': 'im:history',
};
