import { OperatorFixNeeded } from '../keep-trying.js';

/**
 * Why Slack could not start, in words an operator can act on. Rejected credentials name the variable and the
 * fix (they need a restart with a new value); an unreachable API is retried.
 */
const REJECTED = new Set(['invalid_auth', 'not_authed', 'account_inactive', 'token_revoked', 'token_expired', 'not_allowed_token_type', 'no_permission', 'missing_scope']);

const FIX = {
  SLACK_BOT_TOKEN: 'copy the Bot User OAuth Token (xoxb-…) from your Slack app\'s "OAuth & Permissions" page into SLACK_BOT_TOKEN, then restart',
  SLACK_APP_TOKEN: 'create an app-level token with connections:write (Basic Information → App-Level Tokens) and put it in SLACK_APP_TOKEN, then restart',
} as const;

export type SlackCredential = keyof typeof FIX;

export function slackStartProblem(err: unknown, credential: SlackCredential, apiUrl: string): Error {
  const e = err as { code?: string; data?: { error?: string }; statusCode?: number; original?: { cause?: { code?: string; message?: string }; message?: string } };
  if (e?.code === 'slack_webapi_platform_error') {
    const reason = e.data?.error ?? 'unknown_error';
    if (REJECTED.has(reason)) return new OperatorFixNeeded(`${credential} was rejected by Slack (${reason}): ${FIX[credential]}. Slack stays off until then; everything else keeps running.`);
    return new Error(`Slack refused to start (${reason})`);
  }
  if (e?.code === 'slack_webapi_request_error') {
    // fetch() puts the socket error (ECONNREFUSED, ENOTFOUND, a timeout) in `cause`.
    const why = e.original?.cause?.code ?? e.original?.cause?.message ?? e.original?.message ?? 'no answer';
    return new Error(`cannot reach Slack's Web API at ${apiUrl} (${why}): check the network, a proxy, or SLACK_API_URL`);
  }
  if (e?.code === 'slack_webapi_http_error') return new Error(`Slack's Web API at ${apiUrl} answered HTTP ${e.statusCode}`);
  return err instanceof Error ? err : new Error(String(err));
}
