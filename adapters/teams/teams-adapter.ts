import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SsrBot } from '../../src/bot.js';
import type { Clock } from '../../src/clock.js';
import type { Config } from '../../src/config.js';
import type { DeliveryPort } from '../../src/delivery/delivery-port.js';
import { describeError } from '../../src/errors.js';
import type { Store } from '../../src/store/store.js';
import type { Logger } from '../logger.js';
import { isLoopbackUrl } from '../../src/loopback.js';
import { isJsonContentType, relayedHeader } from '../request-guards.js';
import { HttpError, isLoopback, readJson, sendJson, type AppServer } from '../server.js';
import { checkActivity } from './activity-shape.js';
import { cardActivity, SsrTeamsBot } from './teams-bot.js';
import { teamsDeliveryPort } from './teams-delivery.js';

/**
 * Teams on botbuilder's CloudAdapter at POST /api/messages. Stock hosting crashes Node on a POST of `{}`
 * (the activity is validated before authentication, inside an async route), and answers a failing turn with
 * its internal error message: here the content type and the activity's shape are checked first, process() is
 * wrapped, and error bodies are generic (details go to the log).
 *
 * Modes (config.teams.mode): authenticated (MicrosoftAppId: every request needs a Bot Framework token);
 * anonymous (TEAMS_ANONYMOUS=on, local tools): no token exists, so only direct loopback callers are accepted
 * (no proxy, tunnel or browser headers) and replies go only to a literal loopback serviceUrl — otherwise any
 * caller could choose where the bot sends; off: see mountTeamsOff.
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

/** Without an app id and without TEAMS_ANONYMOUS=on, /api/messages only says how to turn Teams on. */
export function mountTeamsOff(server: AppServer): void {
  server.route('POST', '/api/messages', (req, res) => {
    req.resume();
    sendJson(res, 401, { error: TEAMS_OFF_HINT });
  });
}

export const TEAMS_OFF_HINT = 'Teams is off: set MicrosoftAppId, MicrosoftAppPassword and MicrosoftAppTenantId, or TEAMS_ANONYMOUS=on for local tools on loopback.';

export function createTeamsAdapter(options: TeamsAdapterOptions): TeamsAdapter {
  const { config, bot, store, clock, log } = options;
  const anonymous = config.mode === 'anonymous';
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
    const refuse = (status: number, error: string, detail?: Record<string, unknown>) => {
      req.resume();
      if (detail) log.warn('teams request refused', { status, ...detail });
      sendJson(res, status, { error });
    };
    if (!isJsonContentType(req)) return refuse(415, 'send application/json');
    if (anonymous) {
      const relayed = relayedHeader(req);
      if (relayed || !isLoopback(req.socket.remoteAddress)) {
        return refuse(401, 'anonymous Teams mode accepts direct loopback callers only; set MicrosoftAppId to serve Teams', { relayed, remote: req.socket.remoteAddress });
      }
    }
    let body: unknown;
    try {
      body = await readJson(req, MAX_BODY);
    } catch (err) {
      return refuse(err instanceof HttpError ? err.status : 400, err instanceof HttpError && err.status === 413 ? 'body too large' : 'body is not valid JSON');
    }
    const checked = checkActivity(body);
    if (!checked.ok) return refuse(400, 'expected a Bot Framework activity', { problem: checked.problem });
    if (anonymous && !isLoopbackUrl(checked.activity.serviceUrl)) {
      return refuse(400, 'anonymous Teams mode replies only to a literal loopback serviceUrl (127.0.0.1 or [::1])', { serviceUrl: checked.activity.serviceUrl.slice(0, 200) });
    }
    // Replies go to the URL as checked (0x7f.1 → 127.0.0.1), not to another parser's reading of the original.
    if (anonymous) (body as { serviceUrl: string }).serviceUrl = new URL(checked.activity.serviceUrl).href;
    const shim = responseShim(res, log);
    try {
      await adapter.process({ body, headers: req.headers, method: req.method } as never, shim as never, (context) => handler.run(context));
    } catch (err) {
      // validateAndFixActivity and friends throw on activities they cannot use: the sender's mistake.
      log.warn('teams activity rejected', { error: describeError(err) });
      if (!res.headersSent) sendJson(res, 400, { error: 'invalid activity' });
    }
  }

  const port = teamsDeliveryPort(auth, store, config.appId ?? '', { loopbackOnly: anonymous });

  return {
    anonymous,
    adapter,
    port,
    mount(server) {
      server.route('POST', '/api/messages', route);
    },
  };
}

/**
 * The express-like response botbuilder's process() writes to. botbuilder answers a turn that threw with the
 * error's message as the body (500, or 401 for authentication): those bodies are logged and replaced by generic
 * ones, and a 500 from process() itself — a request it could not use — becomes 400.
 */
function responseShim(res: ServerResponse, log: Logger) {
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
      if (status >= 400 && (typeof body === 'string' || body instanceof Error)) {
        log.warn('teams activity rejected', { status, error: describeError(body) });
        if (status === 401) sendJson(res, 401, { error: 'unauthorized' });
        else sendJson(res, status >= 500 ? 400 : status, { error: 'invalid activity' });
      } else if (body === undefined) {
        res.writeHead(status, headers).end();
      } else if (typeof body === 'string' || Buffer.isBuffer(body)) {
        res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...headers }).end(body);
      } else {
        res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers }).end(JSON.stringify(body));
      }
    },
  };
}
