import type { webApi } from '@slack/bolt';
import { DeliveryError, type DeliveryKey, type DeliveryLookup, type DeliveryPort } from '../../src/delivery/delivery-port.js';
import type { Reply } from '../../src/reply/reply-model.js';
import type { SlackMessage } from '../render/block-kit.js';
import { parseSlackAddress } from './inbound.js';
import { classifySlackError } from './slack-errors.js';

/**
 * Proactive posts (digests) on Slack. Each carries message metadata (event type ssr_digest, payload: the
 * subscription, day and attempt id), so after a crash `find` can read the channel's recent history and tell
 * whether the attempt's message is there (scopes channels:history / groups:history). Without those scopes
 * the answer is "unknown" and the core does not send that attempt again.
 */
export const DIGEST_EVENT_TYPE = 'ssr_digest';
/** Clocks differ; look this much further back than the attempt's start. */
const CLOCK_SLACK_S = 120;
const PAGE_SIZE = 200;
const MAX_PAGES = 5;

export function slackDeliveryPort(client: webApi.WebClient, render: (reply: Reply) => SlackMessage): DeliveryPort {
  return {
    async send(address, reply, key) {
      const { channel } = target(address);
      try {
        await client.chat.postMessage({
          channel,
          ...render(reply),
          ...(key ? { metadata: { event_type: DIGEST_EVENT_TYPE, event_payload: { subscription: key.subscription, day: key.day, attempt: key.attempt } } } : {}),
        });
      } catch (err) {
        throw classifySlackError(err);
      }
    },

    async find(address: string, key: DeliveryKey, since: Date): Promise<DeliveryLookup> {
      const { channel } = target(address);
      const oldest = (Math.floor(since.getTime() / 1000) - CLOCK_SLACK_S).toFixed(6);
      let cursor: string | undefined;
      for (let page = 0; page < MAX_PAGES; page++) {
        let res: Awaited<ReturnType<typeof client.conversations.history>>;
        try {
          res = await client.conversations.history({ channel, oldest, limit: PAGE_SIZE, include_all_metadata: true, ...(cursor ? { cursor } : {}) });
        } catch (err) {
          const e = classifySlackError(err);
          if (e.reason === 'missing_scope') return { kind: 'unknown', reason: 'missing_scope: add channels:history and groups:history to the Slack app to check before re-sending' };
          throw e;
        }
        const hit = (res.messages ?? []).some((m) => {
          const meta = m.metadata as { event_type?: string; event_payload?: { attempt?: unknown } } | undefined;
          return meta?.event_type === DIGEST_EVENT_TYPE && meta.event_payload?.attempt === key.attempt;
        });
        if (hit) return { kind: 'found' };
        cursor = res.response_metadata?.next_cursor || undefined;
        if (!res.has_more || !cursor) return { kind: 'absent' };
      }
      return { kind: 'unknown', reason: `more than ${PAGE_SIZE * MAX_PAGES} messages since the attempt` };
    },
  };
}

function target(address: string): { channel: string } {
  const parsed = parseSlackAddress(address);
  if (!parsed) throw new DeliveryError('permanent', `not a Slack address: ${address}`);
  return parsed;
}
