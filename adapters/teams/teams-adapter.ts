import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type Activity, type ConversationReference, type TurnContext } from 'botbuilder';
// The same activity check CloudAdapter.process() runs; we call processActivity() ourselves because process()
// console.error()s every refused request (a stack trace per 401) outside our logger.
import { validateAndFixActivity } from 'botbuilder/lib/activityValidator.js';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SsrBot } from '../../src/bot.js';
import type { Clock } from '../../src/clock.js';
import type { Config } from '../../src/config.js';
import { DeliveryError, type DeliveryPort } from '../../src/delivery/delivery-port.js';
import { describeError } from '../../src/errors.js';
import type { Store } from '../../src/store/store.js';
import type { Logger } from '../logger.js';
import { HttpError, isLoopback, readJson, sendJson, type AppServer } from '../server.js';
import { cardActivity, SsrTeamsBot } from './teams-bot.js';

/**
 * Teams on botbuilder's CloudAdapter at POST /api/messages. Stock hosting crashes Node on a POST of `{}`
 * (the activity is validated before authentication, inside an async route): the body is checked here first
 * and process() is wrapped. With no MicrosoftAppId, auth is off, so only loopback callers with a loopback
 * serviceUrl are accepted (local tools) — otherwise any caller could choose where the bot sends.
 */
export interface TeamsAdapterOptions {
  config: Config['teams'];
  bot: SsrBot;
  store: Store;
  clock: Clock;
  log: Logger;
}

export interface TeamsAdapter {
  anonymous: boolean;
  mount(server: AppServer): void;
  port: DeliveryPort;
  adapter: CloudAdapter;
}

const MAX_BODY = 256 * 1024;

/** CloudAdapter with its protected processActivity() callable: authentication errors come back to us to log. */
class HostedCloudAdapter extends CloudAdapter {
  handle(authHeader: string, activity: Activity, logic: (context: TurnContext) => Promise<void>) {
    return this.processActivity(authHeader, activity, logic);
  }
}

export function createTeamsAdapter(options: TeamsAdapterOptions): TeamsAdapter {
  const { config, bot, store, clock, log } = options;
  const anonymous = !config.appId;
  const auth = new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: config.appId ?? '',
    MicrosoftAppPassword: config.appPassword ?? '',
    // botbuilder insists on an app id for SingleTenant; anonymous mode has none.
    MicrosoftAppType: anonymous ? 'MultiTenant' : config.appType,
    MicrosoftAppTenantId: config.tenantId ?? '',
  } as never);
  const adapter = new HostedCloudAdapter(auth);
  adapter.onTurnError = async (context, error) => {
    log.error('teams turn failed', { error: describeError(error), type: context.activity.type });
    // Invokes answer in the HTTP response (onInvokeActivity); only a message turn gets a chat apology.
    if (context.activity.type === 'message') {
      await context.sendActivity(cardActivity(bot.errorReply(bot.defaultLocale, 'INTERNAL', 'Sorry, something went wrong. / 抱歉，出错了。'))).catch(() => undefined);
    }
  };
  const handler = new SsrTeamsBot(bot, store, clock, log);

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (anonymous && !isLoopback(req.socket.remoteAddress)) {
      sendJson(res, 403, { error: 'anonymous mode accepts loopback callers only; set MicrosoftAppId to serve Teams' });
      return;
    }
    let body: unknown;
    try {
      body = await readJson(req, MAX_BODY);
    } catch (err) {
      const status = err instanceof HttpError ? err.status : 400;
      sendJson(res, status, { error: err instanceof Error ? err.message : 'bad request' });
      return;
    }
    const activity = body as { type?: unknown; serviceUrl?: unknown } | null;
    if (!activity || typeof activity !== 'object' || Array.isArray(activity) || typeof activity.type !== 'string' || !activity.type) {
      sendJson(res, 400, { error: 'expected a Bot Framework activity: a JSON object with a "type"' });
      return;
    }
    if (anonymous && typeof activity.serviceUrl === 'string' && !isLoopbackUrl(activity.serviceUrl)) {
      sendJson(res, 400, { error: 'anonymous mode replies only to a loopback serviceUrl' });
      return;
    }
    let fixed: Activity;
    try {
      fixed = validateAndFixActivity(activity as Activity);
    } catch (err) {
      log.warn('teams activity rejected', { error: describeError(err) });
      sendJson(res, 400, { error: 'invalid activity' });
      return;
    }
    try {
      const invoke = await adapter.handle(String(req.headers.authorization ?? ''), fixed, (context) => handler.run(context));
      if (res.writableEnded) return;
      if (invoke?.body === undefined) res.writeHead(invoke?.status ?? 200).end();
      else sendJson(res, invoke.status, invoke.body);
    } catch (err) {
      const unauthorized = (err as { statusCode?: number }).statusCode === 401;
      log.warn(unauthorized ? 'teams request unauthorized' : 'teams activity failed', { error: describeError(err) });
      if (!res.headersSent) sendJson(res, unauthorized ? 401 : 500, { error: unauthorized ? 'unauthorized' : 'internal error' });
    }
  }

  const port: DeliveryPort = {
    async send(address, reply) {
      const stored = store.getConversation(address);
      if (!stored) throw new DeliveryError('permanent', `no Teams conversation reference for ${address}`);
      const ref = stored.reference as Partial<ConversationReference>;
      const activity = cardActivity(reply);
      try {
        if (ref.conversation?.conversationType === 'channel') {
          // A new top-level post in the channel, not a reply in an old thread.
          await adapter.createConversationAsync(
            config.appId ?? '',
            'msteams',
            ref.serviceUrl ?? '',
            '',
            { isGroup: true, channelData: { channel: { id: ref.conversation.id } }, activity, bot: ref.bot, tenantId: ref.conversation.tenantId } as never,
            async () => undefined,
          );
        } else {
          await adapter.continueConversationAsync(config.appId ?? '', ref, async (context) => {
            await context.sendActivity(activity);
          });
        }
      } catch (err) {
        throw classifyTeamsError(err);
      }
    },
  };

  return {
    anonymous,
    adapter,
    port,
    mount(server) {
      server.route('POST', '/api/messages', route);
    },
  };
}

export function classifyTeamsError(err: unknown): DeliveryError {
  const e = err as { statusCode?: number; code?: string; message?: string; response?: { headers?: { get?: (n: string) => string | undefined } & Record<string, unknown> }; body?: unknown };
  const status = e?.statusCode;
  const retryAfterRaw = e?.response?.headers?.get?.('retry-after') ?? (e?.response?.headers?.['retry-after'] as string | undefined);
  const retryAfterMs = retryAfterRaw && /^\d+$/u.test(retryAfterRaw) ? Number(retryAfterRaw) * 1000 : undefined;
  if (status === 403 || status === 404) return new DeliveryError('permanent', `${status} ${/MessageWritesBlocked/u.test(JSON.stringify(e)) ? 'MessageWritesBlocked' : e.code ?? 'forbidden'}`, { cause: err });
  if (status === 429 || status === 412 || status === 502 || status === 503 || status === 504 || (status !== undefined && status >= 500)) {
    return new DeliveryError('retry', `http_${status}`, { retryAfterMs, cause: err });
  }
  return new DeliveryError('retry', e?.message ?? String(err), { cause: err });
}

function isLoopbackUrl(url: string): boolean {
  try {
    const host = new URL(url).hostname.replace(/^\[|\]$/gu, '');
    return host === 'localhost' || isLoopback(host);
  } catch {
    return false;
  }
}

export { TEAMS_PREFIX } from './teams-inbound.js';
