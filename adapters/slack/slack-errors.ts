import { DeliveryError } from '../../src/delivery/delivery-port.js';

/** Slack Web API errors → the core's delivery failure kinds. */
const PERMANENT = new Set(['channel_not_found', 'not_in_channel', 'is_archived', 'account_inactive', 'invalid_auth', 'token_revoked', 'restricted_action', 'team_access_not_granted', 'missing_scope']);

export function classifySlackError(err: unknown): DeliveryError {
  const e = err as { code?: string; data?: { error?: string }; retryAfter?: number; statusCode?: number; message?: string };
  if (e?.code === 'slack_webapi_rate_limited_error') {
    return new DeliveryError('retry', 'rate_limited', { retryAfterMs: (e.retryAfter ?? 1) * 1000, cause: err });
  }
  if (e?.code === 'slack_webapi_platform_error') {
    const reason = e.data?.error ?? 'unknown_error';
    if (reason === 'ratelimited') return new DeliveryError('retry', reason, { retryAfterMs: 1000, cause: err });
    return new DeliveryError(PERMANENT.has(reason) ? 'permanent' : 'retry', reason, { cause: err });
  }
  if (e?.code === 'slack_webapi_http_error') return new DeliveryError('retry', `http_${e.statusCode ?? 'error'}`, { cause: err });
  return new DeliveryError('retry', e?.message ?? String(err), { cause: err });
}
