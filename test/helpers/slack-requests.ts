import { createHmac } from 'node:crypto';

/** Signed requests in the shapes Slack sends (see Slack's slash command, Events API and interactivity docs). */
/** Shaped like a real signing secret (32 hex characters): configuration refuses anything else. */
export const SIGNING_SECRET = '8f742231b10e8888abcd9900000085a5';

export function signature(body: string, timestamp: number, secret = SIGNING_SECRET): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export async function postSigned(
  url: string,
  body: string,
  contentType: string,
  opts: { timestamp?: number; secret?: string; headers?: Record<string, string>; badSignature?: boolean } = {},
): Promise<Response> {
  const ts = opts.timestamp ?? Math.floor(Date.now() / 1000);
  return fetch(url, {
    method: 'POST',
    headers: {
      'content-type': contentType,
      'x-slack-request-timestamp': String(ts),
      'x-slack-signature': opts.badSignature ? 'v0=deadbeef' : signature(body, ts, opts.secret),
      ...opts.headers,
    },
    body,
  });
}

export function slashCommandBody(text: string, responseUrl: string, extra: Record<string, string> = {}): string {
  return new URLSearchParams({
    token: 'legacy-verification-token',
    team_id: 'T1',
    team_domain: 'unteam',
    channel_id: 'C1',
    channel_name: 'ssr',
    user_id: 'U1',
    user_name: 'alice',
    command: '/ssr',
    text,
    api_app_id: 'A1',
    is_enterprise_install: 'false',
    response_url: responseUrl,
    trigger_id: '1234.5678.abcdef',
    ...extra,
  }).toString();
}

export function eventBody(event: Record<string, unknown>, eventId: string): string {
  return JSON.stringify({
    token: 'legacy-verification-token',
    team_id: 'T1',
    context_team_id: 'T1',
    api_app_id: 'A1',
    event: { event_ts: event.ts ?? '1700000000.000100', ...event },
    type: 'event_callback',
    event_id: eventId,
    event_time: 1700000000,
    authorizations: [{ enterprise_id: null, team_id: 'T1', user_id: 'UBOT', is_bot: true, is_enterprise_install: false }],
    is_ext_shared_channel: false,
  });
}

export function blockActionsBody(action: { action_id: string; value: string; block_id?: string }, responseUrl: string): string {
  const payload = {
    type: 'block_actions',
    user: { id: 'U1', username: 'alice', name: 'alice', team_id: 'T1' },
    api_app_id: 'A1',
    token: 'legacy-verification-token',
    container: { type: 'message', message_ts: '1700000000.000200', channel_id: 'C1', is_ephemeral: true },
    trigger_id: '1234.5678.abcdef',
    team: { id: 'T1', domain: 'unteam' },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: 'C1', name: 'ssr' },
    response_url: responseUrl,
    state: { values: {} },
    actions: [{ type: 'button', block_id: action.block_id ?? 'hit-0-actions', action_id: action.action_id, text: { type: 'plain_text', text: 'x', emoji: true }, value: action.value, action_ts: '1700000001.000000' }],
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}
