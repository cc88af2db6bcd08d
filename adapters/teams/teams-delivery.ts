import { CloudAdapter, type ConfigurationBotFrameworkAuthentication, type ConversationReference } from 'botbuilder';
import { DeliveryError, type DeliveryPort } from '../../src/delivery/delivery-port.js';
import { isLoopbackUrl } from '../../src/loopback.js';
import type { Store } from '../../src/store/store.js';
import { withoutPolicies } from './connector-policies.js';
import { cardActivity } from './teams-bot.js';

/**
 * Proactive posts (digests) on Teams, to the conversation reference kept from the last activity. The Bot
 * Framework connector has no idempotency key and a bot cannot read a channel's messages back, so this port has
 * no `find`: an attempt that may have reached the connector (connection lost, 500/502/504, a crash mid-send) is
 * not sent again — at most once. For that, its own CloudAdapter sends without botbuilder's built-in retries,
 * which would re-post after a lost answer; the digest scheduler retries refused sends itself.
 */
export function teamsDeliveryPort(auth: ConfigurationBotFrameworkAuthentication, store: Store, appId: string, options: { loopbackOnly: boolean }): DeliveryPort {
  const adapter = new CloudAdapter(withoutConnectorRetries(auth));
  return {
    async send(address, reply) {
      let stored;
      try {
        stored = await store.getConversation(address);
      } catch (err) {
        throw new DeliveryError('retry', 'conversation reference unavailable (database)', { cause: err });
      }
      if (!stored) throw new DeliveryError('permanent', `no Teams conversation reference for ${address}`);
      const ref = stored.reference as Partial<ConversationReference>;
      // Anonymous mode: references stored before serviceUrls were checked strictly must not reach other hosts either.
      if (options.loopbackOnly && !isLoopbackUrl(ref.serviceUrl ?? '')) throw new DeliveryError('permanent', 'anonymous Teams mode sends only to a loopback serviceUrl');
      const activity = cardActivity(reply);
      try {
        if (ref.conversation?.conversationType === 'channel') {
          // A new top-level post in the channel, not a reply in an old thread.
          await adapter.createConversationAsync(
            appId,
            'msteams',
            ref.serviceUrl ?? '',
            '',
            { isGroup: true, channelData: { channel: { id: ref.conversation.id } }, activity, bot: ref.bot, tenantId: ref.conversation.tenantId } as never,
            async () => undefined,
          );
        } else {
          await adapter.continueConversationAsync(appId, ref, async (context) => {
            await context.sendActivity(activity);
          });
        }
      } catch (err) {
        throw classifyTeamsError(err);
      }
    },
  };
}

type Authentication = ConfigurationBotFrameworkAuthentication;
type ConnectorFactory = ReturnType<Authentication['createConnectorFactory']>;
type ConnectorClient = Awaited<ReturnType<ConnectorFactory['create']>>;

/** The same authentication, whose connector clients do not retry (everything else is inherited from `auth`). */
function withoutConnectorRetries(auth: Authentication): Authentication {
  const proactive = Object.create(auth) as Authentication;
  proactive.createConnectorFactory = (identity) => {
    const factory = auth.createConnectorFactory(identity);
    return { create: async (serviceUrl: string, audience?: string) => dropRetries(await factory.create(serviceUrl, audience)) } as ConnectorFactory;
  };
  return proactive;
}

/**
 * botbuilder's connector client retries a failed request up to 3 times — after a cut connection too, when the
 * first POST may have been posted. The test "connection cut … at most once" fails if this stops working.
 */
function dropRetries(client: ConnectorClient): ConnectorClient {
  return withoutPolicies(client, ['defaultRetryPolicy']);
}

/** Refused before anything was sent: the connector is certainly without the message. */
const NOT_SENT = /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH/u;

export function classifyTeamsError(err: unknown): DeliveryError {
  const e = err as { statusCode?: number; code?: string; message?: string; response?: { headers?: { get?: (n: string) => string | undefined } & Record<string, unknown> }; body?: unknown };
  const status = e?.statusCode;
  const retryAfterRaw = e?.response?.headers?.get?.('retry-after') ?? (e?.response?.headers?.['retry-after'] as string | undefined);
  const retryAfterMs = retryAfterRaw && /^\d+$/u.test(retryAfterRaw) ? Number(retryAfterRaw) * 1000 : undefined;
  if (status === 403 || status === 404) return new DeliveryError('permanent', `${status} ${/MessageWritesBlocked/u.test(JSON.stringify(e)) ? 'MessageWritesBlocked' : e.code ?? 'forbidden'}`, { cause: err });
  // 429, 412 and 503 refuse the request; 500, 502 and 504 may come after the connector posted.
  if (status === 429 || status === 412 || status === 503) return new DeliveryError('retry', `http_${status}`, { retryAfterMs, cause: err });
  if (status !== undefined && status >= 500) return new DeliveryError('retry', `http_${status}`, { retryAfterMs, maybeDelivered: true, cause: err });
  const detail = `${e?.code ?? ''} ${e?.message ?? ''}`;
  return new DeliveryError('retry', e?.message ?? String(err), { maybeDelivered: !NOT_SENT.test(detail), cause: err });
}
