import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SsrBot } from '../../src/bot.js';
import type { Clock } from '../../src/clock.js';
import type { Config } from '../../src/config.js';
import type { DeliveryPort } from '../../src/delivery/delivery-port.js';
import { describeError } from '../../src/errors.js';
import type { Store } from '../../src/store/store.js';
import type { Logger } from '../logger.js';
import { HttpError, isLoopback, readJson, sendJson, type AppServer } from '../server.js';
import { cardActivity, SsrTeamsBot } from './teams-bot.js';
import { teamsDeliveryPort } from './teams-delivery.js';

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
  const adapter = new CloudAdapter(auth);
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
    const shim = responseShim(res);
    try {
      await adapter.process({ body, headers: req.headers, method: req.method } as never, shim as never, (context) => handler.run(context));
    } catch (err) {
      // validateAndFixActivity and friends throw on activities they cannot use: the sender's mistake.
      log.warn('teams activity rejected', { error: describeError(err) });
      if (!res.headersSent) sendJson(res, 400, { error: 'invalid activity' });
    }
  }

  const port = teamsDeliveryPort(auth, store, config.appId ?? '');

  return {
    anonymous,
    adapter,
    port,
    mount(server) {
      server.route('POST', '/api/messages', route);
    },
  };
}

function isLoopbackUrl(url: string): boolean {
  try {
    const host = new URL(url).hostname.replace(/^\[|\]$/gu, '');
    return host === 'localhost' || isLoopback(host);
  } catch {
    return false;
  }
}

/** The express-like response botbuilder's process() writes to. */
function responseShim(res: ServerResponse) {
  let status = 200;
  const headers: Record<string, string> = {};
  let body: unknown;
  return {
    status(code: number) {
      status = code;
      return this;
    },
    header(name: string, value: string) {
      headers[name.toLowerCase()] = value;
      return this;
    },
    send(b: unknown) {
      body = b;
      return this;
    },
    end() {
      if (res.writableEnded) return;
      if (body === undefined) {
        res.writeHead(status, headers).end();
      } else if (typeof body === 'string' || Buffer.isBuffer(body)) {
        res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...headers }).end(body);
      } else {
        res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers }).end(JSON.stringify(body));
      }
    },
  };
}
