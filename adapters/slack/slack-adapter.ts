import type { IncomingMessage, ServerResponse } from 'node:http';
import { setImmediate as afterPendingIo } from 'node:timers/promises';
import { App, HTTPReceiver, SocketModeReceiver, webApi, type BlockAction, type SlashCommand } from '@slack/bolt';
import type { AppMentionEvent, GenericMessageEvent } from '@slack/types';
import { describeError } from '../../src/errors.js';
import type { InboundAction, InboundMessage } from '../../src/inbound.js';
import type { Reply } from '../../src/reply/reply-model.js';
import { EventDeduper } from '../../src/store/event-dedupe.js';
import type { AdapterHost, ChatAdapter } from '../chat-adapter.js';
import { keepTrying } from '../keep-trying.js';
import { renderBlockKit, SHARE_ACTION_ID } from '../render/block-kit.js';
import { offRoutes } from './events-fallback.js';
import { homeView } from './home-view.js';
import { keepAliveFetch } from './keep-alive-fetch.js';
import { commandInbound, messageInbound, slackAddress, SLACK_PREFIX } from './inbound.js';
import { boltLogger } from './bolt-logger.js';
import { guardSlackRequests, SLACK_BODY_LIMIT } from './request-guard.js';
import { slackDeliveryPort } from './slack-delivery.js';
import { classifySlackError } from './slack-errors.js';
import { slackStartProblem } from './slack-start.js';
import { installationKey, SlackInstallations } from './installations.js';
import { SLACK_EVENTS_PATH, SLACK_INSTALL_PATH, SLACK_OAUTH_REDIRECT_PATH } from '../public-url.js';
import { sendJson } from '../server.js';
import { BOT_SCOPES } from './scopes.js';
import { StoreError } from '../../src/store/store-errors.js';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';

/**
 * Slack over @slack/bolt: HTTP on the shared server (POST /slack/events behind the request guard, which checks the
 * signature with Bolt's own function; Bolt's receiver does not check again) or Socket Mode. The receiver is reached
 * only through guardSlackRequests (POST) or oauthPage (GET): a route that reached it otherwise would take unsigned
 * events. Listeners translate payloads into the core's inbound messages and render replies as Block Kit; nothing
 * here ranks, parses or words anything. Slack-only affordances live here: the share-in-channel button and
 * App Home (help, contents and the workspace's digests).
 */
export type SlackInbound = { command: SlashCommand } | { event: AppMentionEvent | GenericMessageEvent; teamId?: string; botUserId?: string } | { action: BlockAction };

export function createSlackAdapter(host: AdapterHost) {
  const { bot, store, log, clock, report, track } = host;
  const config = host.config.slack!;
  const logger = boltLogger(log);
  // respond() and every Web API call go over keep-alive node:http (keep-alive-fetch.ts); Bolt takes it here.
  const slackFetch = keepAliveFetch();
  const clientOptions = {
    fetch: slackFetch,
    ...(config.apiUrl ? { slackApiUrl: config.apiUrl } : {}),
    ...(host.platformRetries !== undefined ? { retryConfig: { retries: host.platformRetries } } : {}),
  };
  const socket = Boolean(config.appToken);
  const stopping = new AbortController();
  const apiUrl = config.apiUrl ?? 'https://slack.com/api/';
  const installations = config.oauth ? new SlackInstallations(store, clock) : undefined;
  const receiver = socket
    ? new SocketModeReceiver({ appToken: config.appToken!, logger, installerOptions: { clientOptions } })
    : new HTTPReceiver({
        signingSecret: config.signingSecret,
        // The guard in front of POST /slack/events (request-guard.ts) verifies every signature with Bolt's own
        // function before this receiver sees the request; verifying again cost a second HMAC and tsscmp's random
        // bytes per request. The only other routes to this receiver are the OAuth GETs, which carry no events.
        signatureVerification: false,
        endpoints: '/slack/events',
        logger,
        processBeforeResponse: false,
        bodyLimit: SLACK_BODY_LIMIT,
        ...(config.oauth ? oauthOptions(config.oauth, installations!, clientOptions, config.apiUrl, log) : {}),
      });
  let botUserId: string | undefined;
  let botId: string | undefined;
  let botName: string | undefined;
  // One workspace: our own authorize instead of `token` — Bolt's would run auth.test at start (blocking, retried
  // for ~30 min) and cache a failure for good; the ids arrive from the background check below. OAuth: Bolt
  // authorizes each request from its installation (installations.ts), which carries the bot's ids.
  const authorize = config.oauth ? {} : { authorize: async () => ({ botToken: config.botToken, botId, botUserId }) };
  // No conversation store: nothing here reads context.conversation, and Bolt's default builds an Error per request.
  const app = new App({ ...authorize, receiver, logger, clientOptions, ignoreSelf: true, convoStore: false });
  app.use(async ({ next }) => {
    await track(next());
  });

  const render = (reply: Reply, opts?: { shareable?: boolean }) => renderBlockKit(reply, opts);
  const inbound = (payload: SlackInbound): InboundMessage | InboundAction | undefined => {
    if ('command' in payload) return commandInbound(payload.command);
    if ('event' in payload) {
      const { event } = payload;
      if (event.bot_id || event.subtype) return undefined;
      const direct = event.type === 'message';
      if (direct && event.channel_type !== 'im') return undefined;
      return messageInbound(event, payload.teamId, payload.botUserId ?? botUserId, direct, botName ? `@${botName}` : config.command);
    }
    const { action, body } = { action: payload.action.actions[0], body: payload.action };
    // Only our buttons carry a core value; any other id gets the core's "unknown button" answer.
    const ours = action?.action_id.startsWith('ssr:') && 'value' in action;
    return { address: slackAddress(body.team?.id, body.channel?.id ?? 'unknown'), user: body.user.id ?? 'unknown', value: ours ? String(action.value ?? '') : '' };
  };
  const deduper = new EventDeduper(store, clock, log);
  const firstTime = async (eventId: string | undefined) => {
    const fresh = await deduper.firstTime(eventId);
    if (!fresh) log.info('slack retry ignored', { eventId });
    return fresh;
  };

  // Under load, requests that have arrived are acked before the answers already acked are worked out: Slack
  // allows 3 s for an ack, 30 min for the answer.
  const acksFirst = () => afterPendingIo();

  // 1. Slash command: ack at once (Slack allows 3 s), answer through response_url, ephemeral by default.
  app.command(config.command, async ({ command, ack, respond }) => {
    await ack();
    await acksFirst();
    const reply = await bot.handleMessage(commandInbound(command));
    await respond({ response_type: 'ephemeral', replace_original: false, ...render(reply) }).catch((err) =>
      log.error('slack respond failed', { error: describeError(err), code: (err as { code?: string }).code }),
    );
  });

  // 2. @mention in a channel (answered in its thread) and 3. direct messages; a channel message is answered
  // only when it mentions the bot, never twice.
  const answerEvent = async (event: AppMentionEvent | GenericMessageEvent, envelope: { event_id: string; team_id: string }, client: webApi.WebClient, botUser?: string) => {
    const msg = inbound({ event, teamId: envelope.team_id, botUserId: botUser });
    if (!msg || 'value' in msg || !(await firstTime(envelope.event_id))) return;
    const reply = await bot.handleMessage(msg);
    const thread = event.type === 'app_mention' ? { thread_ts: event.thread_ts ?? event.ts } : {};
    await client.chat
      .postMessage({ channel: event.channel, ...thread, ...render(reply, { shareable: false }) })
      .catch((err) => log.error('slack postMessage failed', { error: describeError(classifySlackError(err)), channel: event.channel }));
  };
  app.event('app_mention', async ({ event, body, client, context }) => answerEvent(event, body, client, context.botUserId));
  app.message(async ({ message, body, client, context }) => {
    if (message.subtype === undefined) await answerEvent(message, body, client, context.botUserId);
  });

  // 4. Buttons. One listener for every action id, so unknown ids get an answer too.
  app.action<BlockAction>(/.*/u, async ({ body, ack, respond }) => {
    await ack();
    await acksFirst();
    const press = inbound({ action: body }) as InboundAction;
    const reply = await bot.handleAction(press);
    const share = body.actions[0]?.action_id.startsWith(SHARE_ACTION_ID) && reply.kind === 'answer';
    await respond({ response_type: share ? 'in_channel' : 'ephemeral', replace_original: false, ...render(reply, { shareable: !share }) }).catch((err) =>
      log.error('slack respond failed', { error: describeError(err), code: (err as { code?: string }).code }),
    );
  });

  // 5. App Home: help, contents and this workspace's digest subscriptions.
  app.event('app_home_opened', async ({ event, client, body }) => {
    if (event.tab && event.tab !== 'home') return;
    const locale = bot.defaultLocale;
    const digest = await host.digestStatus(`${SLACK_PREFIX}${body.team_id}:`, locale);
    await client.views
      .publish({ user_id: event.user, view: homeView(bot.help(locale, config.command), bot.tableOfContents(locale), digest) })
      .catch((err) => log.error('slack views.publish failed', { error: describeError(classifySlackError(err)) }));
  });

  // 6. The app was removed, or its bot token revoked: forget the installation and stop its digests. Bolt
  //    runs these without authorizing them (the token may be gone already); either may come first.
  const leave = async (body: unknown, reason: string) => {
    const b = body as { event_id?: string; team_id?: string; enterprise_id?: string; is_enterprise_install?: boolean; authorizations?: { is_enterprise_install?: boolean }[] };
    if (!(await firstTime(b.event_id))) return;
    const orgWide = Boolean(b.is_enterprise_install ?? b.authorizations?.[0]?.is_enterprise_install);
    const key = installationKey({ isEnterpriseInstall: orgWide, enterpriseId: b.enterprise_id, teamId: b.team_id });
    const { removed, disabled } = installations ? await installations.remove(key, reason) : await store.removeInstallation(key, reason, clock.now());
    log.info('slack app removed', { key, reason, installationRemoved: removed, digestsDisabled: disabled });
  };
  app.event('app_uninstalled', async ({ body }) => leave(body, 'app_uninstalled'));
  app.event('tokens_revoked', async ({ event, body }) => {
    if (event.tokens.bot?.length) await leave(body, 'tokens_revoked');
  });

  app.error(async (err) => {
    log.error('slack listener failed', { error: describeError(err), code: (err as { code?: string }).code });
  });

  // Proactive posts (digests) get their own client: it reports 429 instead of waiting inside the call, so the
  // scheduler can back off per channel, and it never retries by itself — a blind retry after a lost answer
  // posts twice; the digest service reconciles instead (slack-delivery.ts).
  // The token is chosen per post: the one workspace's, or the installation's that serves the address.
  const outbound = new webApi.WebClient(undefined, { ...clientOptions, retryConfig: { retries: 0 }, timeout: 30_000, rejectRateLimitedCalls: true, logger });
  const tokenFor = installations ? (address: string) => installations.botToken(address) : async () => config.botToken;
  const port = slackDeliveryPort(outbound, (reply) => render(reply, { shareable: false }), tokenFor);

  // The start-up check: one try each, no client retries (keepTrying owns the backoff and its log lines, so the
  // clients' own failure messages go to debug), bounded by a timeout.
  const quiet = log.debug ?? (() => {});
  const checkLogger = boltLogger({ debug: quiet, info: quiet, warn: quiet, error: quiet });
  async function connect(): Promise<void> {
    if (config.oauth) {
      // Each installation's token was checked (auth.test) when it was made; there is no single one to check.
      log.info('slack ready', { mode: 'http', install: SLACK_INSTALL_PATH });
      return;
    }
    const checker = new webApi.WebClient(config.botToken, { slackApiUrl: config.apiUrl, fetch: slackFetch, retryConfig: { retries: 0 }, timeout: 10_000, logger: checkLogger });
    const auth = await checker.auth.test().catch((err) => Promise.reject(slackStartProblem(err, 'SLACK_BOT_TOKEN', apiUrl)));
    botUserId = auth.user_id;
    botId = auth.bot_id;
    botName = auth.user;
    if (socket) {
      const appChecker = new webApi.WebClient(config.appToken, { slackApiUrl: config.apiUrl, fetch: slackFetch, retryConfig: { retries: 0 }, timeout: 10_000, logger: checkLogger });
      await appChecker.apps.connections.open().catch((err) => Promise.reject(slackStartProblem(err, 'SLACK_APP_TOKEN', apiUrl)));
      await (receiver as SocketModeReceiver).start();
      watchSocket();
    }
    log.info('slack ready', { mode: socket ? 'socket' : 'http', botUserId });
  }

  // After the first connection the Socket Mode client reconnects by itself; the state follows it.
  function watchSocket(): void {
    const client = (receiver as SocketModeReceiver).client;
    client.on('reconnecting', () => {
      if (!stopping.signal.aborted) report({ state: 'degraded', reason: 'Socket Mode connection lost; reconnecting' });
    });
    client.on('connected', () => report({ state: 'ok' }));
  }

  return {
    prefix: SLACK_PREFIX,
    address: (team: string, channel: string) => slackAddress(team, channel),
    surface: socket ? 'slack-socket' : 'slack-http',
    routes: socket
      ? offRoutes(log, 'socket-mode')
      : [
          { method: 'POST', path: SLACK_EVENTS_PATH, handler: guardSlackRequests((receiver as HTTPReceiver).requestListener, { signingSecret: config.signingSecret, command: config.command, log }) },
          ...(config.oauth
            ? ([
                { method: 'GET', path: SLACK_INSTALL_PATH, handler: oauthPage((receiver as HTTPReceiver).requestListener) },
                { method: 'GET', path: SLACK_OAUTH_REDIRECT_PATH, handler: oauthPage((receiver as HTTPReceiver).requestListener) },
              ] as const)
            : []),
        ],
    inbound,
    render: (reply: Reply) => render(reply, { shareable: false }),
    send: port.send,
    find: port.find,
    app,
    start() {
      void keepTrying(connect, { adapter: 'slack', log, report, signal: stopping.signal, explain: (err) => (err as Error).message, onBackoff: host.onBackoff });
    },
    async stop() {
      stopping.abort();
      if (socket) await (receiver as SocketModeReceiver).stop().catch(() => undefined);
    },
  } satisfies ChatAdapter<SlackInbound, ReturnType<typeof renderBlockKit>> & { app: App };
}

/**
 * Bolt's OAuth flow on the shared server: GET /slack/install (the "Add to Slack" page, state in a signed
 * cookie, so any replica can finish what another started) and GET /slack/oauth_redirect (code → tokens via
 * oauth.v2.access and auth.test, then the installation is stored). The receiver makes its own Web API client
 * for those two calls, so it gets the client options (API URL, retries) here, not from the App.
 */
function oauthOptions(oauth: NonNullable<NonNullable<Config['slack']>['oauth']>, installationStore: SlackInstallations, clientOptions: webApi.WebClientOptions, apiUrl: string | undefined, log: Logger) {
  return {
    clientId: oauth.clientId,
    clientSecret: oauth.clientSecret,
    stateSecret: oauth.stateSecret,
    installationStore,
    scopes: Object.keys(BOT_SCOPES),
    installerOptions: {
      installPath: SLACK_INSTALL_PATH,
      redirectUriPath: SLACK_OAUTH_REDIRECT_PATH,
      clientOptions,
      // GovSlack and tests: the browser goes to the same Slack as the API calls.
      ...(apiUrl ? { authorizationUrl: new URL('../oauth/v2/authorize', apiUrl).toString() } : {}),
      callbackOptions: {
        failure: (error: Error & { code?: string }, _options: unknown, _req: unknown, res: ServerResponse) => {
          const status = installFailureStatus(error);
          log.warn('slack install failed', { status, code: error.code, error: describeError(error) });
          res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
          res.end(`<!doctype html><title>Not installed</title><p>${status === 503 ? 'The installation could not be saved. Please try again in a minute.' : 'The installation did not complete.'} <a href="${SLACK_INSTALL_PATH}">Start again</a>.</p>`);
        },
      },
    },
  };
}

/** 400 for what the browser brought (no or wrong state, no code, cancelled, a code Slack refused), 503 when saving failed, else 502. */
function installFailureStatus(error: Error & { code?: string }): number {
  if (error instanceof StoreError || error.cause instanceof StoreError) return 503;
  const browser = ['slack_oauth_missing_state', 'slack_oauth_invalid_state', 'slack_oauth_missing_code', 'slack_oauth_installer_authorization_error'];
  if (browser.includes(error.code ?? '')) return 400;
  const platform = (error as { data?: { error?: string } }).data?.error;
  return platform === 'invalid_code' || platform === 'code_already_used' || platform === 'bad_redirect_uri' ? 400 : 502;
}

/**
 * The install page and OAuth redirect: GET only. The server answers HEAD with a path's GET handler, and Bolt's
 * receiver throws on HEAD there (a 500); HEAD gets a 405 instead.
 */
function oauthPage(listener: (req: IncomingMessage, res: ServerResponse) => void): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => (req.method === 'GET' ? listener(req, res) : sendJson(res, 405, { error: 'method not allowed' }, { allow: 'GET' }));
}
