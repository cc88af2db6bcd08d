import type { Logger } from '../logger.js';
import type { Route } from '../chat-adapter.js';
import { sendJson } from '../server.js';

/**
 * POST /slack/events when this bot does not serve Slack over HTTP. Slack verifies a request URL (the
 * url_verification challenge) as soon as the admin saves it — before the tokens are in .env — so instead of a
 * bare 404 the route says what to set and that *Retry* on Event Subscriptions verifies again afterwards.
 * The challenge is never echoed: without the signing secret the request cannot be checked.
 */
export const SLACK_NOT_CONFIGURED = {
  error: 'slack_not_configured',
  message:
    'Slack is not configured on this bot yet. Set SLACK_BOT_TOKEN (OAuth & Permissions → Bot User OAuth Token, xoxb-…) and SLACK_SIGNING_SECRET (Basic Information → App Credentials → Signing Secret) in .env, restart the bot, then press Retry next to the Request URL on the app\'s Event Subscriptions page.',
  missing: ['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET'],
} as const;

export const SLACK_USES_SOCKET_MODE = {
  error: 'slack_uses_socket_mode',
  message:
    'This bot talks to Slack over Socket Mode (SLACK_APP_TOKEN is set), so it takes no requests here. Turn Socket Mode on in the Slack app (npm run slack:manifest -- --socket-mode), or remove SLACK_APP_TOKEN to serve HTTP.',
} as const;

export function offRoutes(log: Logger, reason: 'not-configured' | 'socket-mode'): Route[] {
  const [status, body] = reason === 'not-configured' ? [503, SLACK_NOT_CONFIGURED] : [404, SLACK_USES_SOCKET_MODE];
  const handler: Route['handler'] = (req, res) => {
    log.warn('slack request refused', { reason: body.error, retryNum: req.headers['x-slack-retry-num'] });
    sendJson(res, status, body);
    req.resume();
  };
  return [{ method: 'POST', path: '/slack/events', handler }];
}
