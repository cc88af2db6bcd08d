import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type Activity, type TurnContext } from 'botbuilder';
// The same activity check CloudAdapter.process() runs; we call processActivity() ourselves because process()
// console.error()s every refused request (a stack trace per 401) outside our logger.
import { validateAndFixActivity } from 'botbuilder/lib/activityValidator.js';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { describeError } from '../../src/errors.js';
import type { AdapterHost, ChatAdapter } from '../chat-adapter.js';
import { keepTrying } from '../keep-trying.js';
import { isLoopbackUrl } from '../../src/loopback.js';
import { isJsonContentType, relayedHeader } from '../request-guards.js';
import { HttpError, isLoopback, readJson, sendJson, type AppServer } from '../server.js';
import { checkActivity } from './activity-shape.js';
import { connectorClients } from './connector-clients.js';
import { checkTeamsCredentials } from './credential-check.js';
import { cardActivity, SsrTeamsBot } from './teams-bot.js';
import { activityInbound, TEAMS_PREFIX, teamsAddress } from './teams-inbound.js';
import { teamsDeliveryPort } from './teams-delivery.js';

/**
 * Teams on botbuilder's CloudAdapter at POST /api/messages. Stock hosting crashes Node on a POST of `{}`
 * (the activity is validated before authentication, inside an async route), answers a failing turn with its
 * internal error message and console.error()s every refused request: here the content type and the activity's
 * shape are checked first, the activity goes to processActivity() directly, and error bodies are generic
 * (details go to our logger).
 *
 * Modes (config.teams.mode): authenticated (MicrosoftAppId: every request needs a Bot Framework token);
 * anonymous (TEAMS_ANONYMOUS=on, local tools): no token exists, so only direct loopback callers are accepted
 * (no proxy, tunnel or browser headers) and replies go only to a literal loopback serviceUrl — otherwise any
 * caller could choose where the bot sends; off: teams-off.ts.
 */
const MAX_BODY = 256 * 1024;

/** CloudAdapter with its protected processActivity() callable: authentication errors come back to us to log. */
class HostedCloudAdapter extends CloudAdapter {
  handle(authHeader: string, activity: Activity, logic: (context: TurnContext) => Promise<void>) {
    return this.processActivity(authHeader, activity, logic);
  }
}

export function createTeamsAdapter(host: AdapterHost) {
  const { bot, store, clock, log, report } = host;
  const config = host.config.teams;
  const anonymous = config.mode === 'anonymous';
  const auth = new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: config.appId ?? '',
    MicrosoftAppPassword: config.appPassword ?? '',
    // botbuilder insists on an app id for SingleTenant; anonymous mode has none.
    MicrosoftAppType: anonymous ? 'MultiTenant' : config.appType,
    MicrosoftAppTenantId: config.tenantId ?? '',
  } as never);
  const adapter = new HostedCloudAdapter(connectorClients(auth, { anonymous }));
  adapter.onTurnError = async (context, error) => {
    log.error('teams turn failed', { error: describeError(error), type: context.activity.type });
    // Invokes answer in the HTTP response (onInvokeActivity); only a message turn gets a chat apology.
    if (context.activity.type === 'message') {
      await context.sendActivity(cardActivity(bot.failed(context.activity.locale))).catch(() => undefined);
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
    let activity: Activity;
    try {
      activity = validateAndFixActivity(body as Activity);
    } catch (err) {
      // Activities botbuilder cannot use: the sender's mistake.
      return refuse(400, 'invalid activity', { error: describeError(err) });
    }
    try {
      const invoke = await adapter.handle(String(req.headers.authorization ?? ''), activity, (context) => handler.run(context));
      if (res.writableEnded) return;
      if (invoke?.body === undefined) res.writeHead(invoke?.status ?? 200).end();
      else sendJson(res, invoke.status, invoke.body);
    } catch (err) {
      // Authentication failures are 401; anything else processActivity() throws is a request it could not use
      // (a turn's own failures end in onTurnError): 400 with a generic body, the details in the log.
      const unauthorized = (err as { statusCode?: number }).statusCode === 401;
      log.warn(unauthorized ? 'teams request unauthorized' : 'teams activity rejected', { error: describeError(err) });
      if (!res.headersSent) sendJson(res, unauthorized ? 401 : 400, { error: unauthorized ? 'unauthorized' : 'invalid activity' });
    }
  }

  const port = teamsDeliveryPort(auth, store, config.appId ?? '', { loopbackOnly: anonymous });

  const stopping = new AbortController();
  return {
    prefix: TEAMS_PREFIX,
    address: teamsAddress,
    surface: 'teams',
    routes: [{ method: 'POST', path: '/api/messages', handler: route }],
    inbound: activityInbound,
    render: cardActivity,
    send: port.send,
    anonymous,
    adapter,
    // In-process tests and anonymous mode have nothing to check: ok at once.
    start() {
      if (!host.verifyCredentials || !config.appId) return report({ state: 'ok' });
      void keepTrying(() => checkTeamsCredentials(config, config.loginUrl), { adapter: 'teams', log, report, signal: stopping.signal, explain: (err) => (err as Error).message, onBackoff: host.onBackoff });
    },
    async stop() {
      stopping.abort();
    },
  } satisfies ChatAdapter<Partial<Activity>, ReturnType<typeof cardActivity>> & { anonymous: boolean; adapter: CloudAdapter };
}
