import { DeliveryError } from '../../src/delivery/delivery-port.js';

/** Slack Web API errors → the core's delivery failure kinds. */
const PERMANENT = new Set(['channel_not_found', 'not_in_channel', 'is_archived', 'account_inactive', 'invalid_auth', 'token_revoked', 'restricted_action', 'team_access_not_granted', 'missing_scope']);
/** Connection errors that happen before a request is sent: the message certainly did not go out. */
const NOT_SENT = /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH/u;

export function classifySlackError(err: unknown): DeliveryError {
  const e = err as { code?: string; data?: { error?: string }; retryAfter?: number; statusCode?: number; message?: string; original?: { message?: string; cause?: { code?: string } } };
  if (e?.code === 'slack_webapi_rate_limited_error') {
    return new DeliveryError('retry', 'rate_limited', { retryAfterMs: (e.retryAfter ?? 1) * 1000, cause: err });
  }
  if (e?.code === 'slack_webapi_platform_error') {
    // Slack answered ok:false: it did not post.
    const reason = e.data?.error ?? 'unknown_error';
    if (reason === 'ratelimited') return new DeliveryError('retry', reason, { retryAfterMs: 1000, cause: err });
    return new DeliveryError(PERMANENT.has(reason) ? 'permanent' : 'retry', reason, { cause: err });
  }
  if (e?.code === 'slack_webapi_http_error') {
    // A 5xx may come after Slack has stored the message; a 4xx does not.
    const status = e.statusCode ?? 0;
    return new DeliveryError('retry', `http_${status || 'error'}`, { maybeDelivered: status >= 500 || status === 0, cause: err });
  }
  if (e?.code === 'slack_webapi_request_error') {
    const detail = `${e.original?.message ?? ''} ${e.original?.cause?.code ?? ''}`;
    return new DeliveryError('retry', e.message ?? 'request_error', { maybeDelivered: !NOT_SENT.test(detail), cause: err });
  }
  return new DeliveryError('retry', e?.message ?? String(err), { maybeDelivered: true, cause: err });
}
