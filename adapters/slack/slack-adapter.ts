import type { ServerResponse } from 'node:http';
import { App, HTTPReceiver, SocketModeReceiver, webApi } from '@slack/bolt';
import type { SsrBot } from '../../src/bot.js';
import type { Config } from '../../src/config.js';
import type { DeliveryPort } from '../../src/delivery/delivery-port.js';
import { describeError } from '../../src/errors.js';
import type { Reply } from '../../src/reply/reply-model.js';
import type { Store } from '../../src/store/store.js';
import { EventDeduper } from '../../src/store/event-dedupe.js';
import type { Clock } from '../../src/clock.js';
import type { StateReporter } from '../health.js';
import { keepTrying } from '../keep-trying.js';
import type { Logger } from '../logger.js';
import { renderBlockKit } from '../render/block-kit.js';
import type { AppServer } from '../server.js';
import { homeView } from './home-view.js';
import { commandInbound, messageInbound, slackAddress, SLACK_PREFIX } from './inbound.js';
import { boltLogger } from './bolt-logger.js';
import { guardSlackRequests, SLACK_BODY_LIMIT } from './request-guard.js';
import { slackDeliveryPort } from './slack-delivery.js';
import { classifySlackError } from './slack-errors.js';
import { mountSlackFallback } from './events-fallback.js';
import { slackStartProblem } from './slack-start.js';
import { installationKey, SlackInstallations } from './installations.js';
import { SLACK_EVENTS_PATH, SLACK_INSTALL_PATH, SLACK_OAUTH_REDIRECT_PATH } from '../public-url.js';
import { BOT_SCOPES } from './scopes.js';
import { StoreError } from '../../src/store/store-errors.js';

/**
 * Slack over @slack/bolt: HTTP on the shared server (POST /slack/events, Bolt's own signature check) or Socket
 * Mode. Listeners translate payloads into the core's inbound messages and render replies as Block Kit; nothing
 * here ranks, parses or words anything.
 */
export interface SlackAdapterOptions {
  config: NonNullable<Config['slack']>;
  bot: SsrBot;
  store: Store;
  clock: Clock;
  log: Logger;
  /** The workspace's digest subscriptions for App Home, from the digest service ("slack:T1:" prefix). */
  digestStatus?: (workspacePrefix: string, locale: 'zh' | 'en') => Promise<Reply | undefined>;
  /** Retries of Web API calls; tests use 0. */
  webApiRetries?: number;
  /** Receives the adapter's state: starting → ok, or degraded with the reason. */
  report?: StateReporter;
  /** Wraps each request's handling (ack, answer, reply) so shutdown can wait for it. */
  track?: <T>(work: Promise<T>) => Promise<T>;
  /** Called when a start-up attempt failed and is retried later. */
  onBackoff?: () => void;
}

export interface SlackAdapter {
  mode: 'http' | 'socket';
  mount(server: AppServer): void;
  /** Checks the token (auth.test) and connects Socket Mode in the background, retrying with backoff; never blocks. */
  start(): void;
  stop(): Promise<void>;
  port: DeliveryPort;
  app: App;
}

export function createSlackAdapter(options: SlackAdapterOptions): SlackAdapter {
  const { config, bot, store, log, clock } = options;
  const logger = boltLogger(log);
  const clientOptions = {
    ...(config.apiUrl ? { slackApiUrl: config.apiUrl } : {}),
    ...(options.webApiRetries !== undefined ? { retryConfig: { retries: options.webApiRetries } } : {}),
  };
  const socket = Boolean(config.appToken);
  const report = options.report ?? (() => {});
  const stopping = new AbortController();
  const apiUrl = config.apiUrl ?? 'https://slack.com/api/';
  const installations = config.oauth ? new SlackInstallations(store, clock) : undefined;
  const receiver = socket
    ? new SocketModeReceiver({ appToken: config.appToken!, logger, installerOptions: { clientOptions } })
    : new HTTPReceiver({
        signingSecret: config.signingSecret,
        endpoints: '/slack/events',
        logger,
        processBeforeResponse: false,
        bodyLimit: SLACK_BODY_LIMIT,
        ...(config.oauth ? oauthOptions(config.oauth, installations!, clientOptions, config.apiUrl, log) : {}),
        // A body Bolt cannot parse is the sender's mistake: 400, logged, never a crash.
        dispatchErrorHandler: async ({ error, response }) => {
          log.warn('slack request rejected', { error: describeError(error) });
          if (!response.headersSent) response.writeHead(400, { 'content-type': 'application/json' });
          if (!response.writableEnded) response.end(JSON.stringify({ error: 'bad request' }));
        },
      });
  let botUserId: string | undefined;
  let botId: string | undefined;
  // One workspace: our own authorize instead of `token` — Bolt's would run auth.test at start (blocking, retried
  // for ~30 min) and cache a failure for good; the ids arrive from the background check below. OAuth: Bolt
  // authorizes each request from its installation (installations.ts), which carries the bot's ids.
  const authorize = config.oauth ? {} : { authorize: async () => ({ botToken: config.botToken, botId, botUserId }) };
  const app = new App({ ...authorize, receiver, logger, clientOptions, ignoreSelf: true });
  if (options.track) {
    const track = options.track;
    app.use(async ({ next }) => {
      await track(next());
    });
  }

  const render = (reply: Reply, opts?: { shareable?: boolean }) => renderBlockKit(reply, opts);
  const deduper = new EventDeduper(store, clock, (level, message, extra) => log[level](message, extra));
  const firstTime = async (eventId: string | undefined) => {
    const fresh = await deduper.firstTime(eventId);
    if (!fresh) log.info('slack retry ignored', { eventId });
    return fresh;
  };

  // 1. Slash command: ack at once (Slack allows 3 s), answer through response_url, ephemeral by default.
  app.command(config.command, async ({ command, ack, respond }) => {
    await ack();
    const reply = await bot.handleMessage(commandInbound(command));
    await respond({ response_type: 'ephemeral', replace_original: false, ...render(reply) }).catch((err) =>
      log.error('slack respond failed', { error: describeError(err), code: (err as { code?: string }).code }),
    );
  });

  // 2. @mention in a channel: answer in the thread of the mention.
  app.event('app_mention', async ({ event, body, client, context }) => {
    if ((event as { bot_id?: string }).bot_id || (event as { subtype?: string }).subtype) return;
    if (!(await firstTime((body as { event_id?: string }).event_id))) return;
    const reply = await bot.handleMessage(messageInbound(event as never, (body as { team_id?: string }).team_id, context.botUserId ?? botUserId, false, config.command));
    await client.chat
      .postMessage({ channel: event.channel, thread_ts: event.thread_ts ?? event.ts, ...render(reply, { shareable: false }) })
      .catch((err) => log.error('slack postMessage failed', { error: describeError(classifySlackError(err)), channel: event.channel }));
  });

  // 3. Direct messages; channel messages are answered only when they mention the bot (above), never twice.
  app.message(async ({ message, body, client, context }) => {
    const m = message as { channel_type?: string; subtype?: string; bot_id?: string; channel: string; text?: string; user?: string; team?: string };
    if (m.channel_type !== 'im' || m.subtype || m.bot_id) return;
    if (!(await firstTime((body as { event_id?: string }).event_id))) return;
    const reply = await bot.handleMessage(messageInbound(m, (body as { team_id?: string }).team_id, context.botUserId ?? botUserId, true, config.command));
    await client.chat
      .postMessage({ channel: m.channel, ...render(reply, { shareable: false }) })
      .catch((err) => log.error('slack postMessage failed', { error: describeError(classifySlackError(err)), channel: m.channel }));
  });

  // 4. Buttons. One listener for every action id, so unknown ids get an answer too.
  app.action(/.*/u, async ({ action, body, ack, respond }) => {
    await ack();
    const a = action as { action_id?: string; value?: string };
    const b = body as { team?: { id?: string }; channel?: { id?: string }; user?: { id?: string } };
    const address = slackAddress(b.team?.id, b.channel?.id ?? 'unknown');
    const user = b.user?.id ?? 'unknown';
    const isOurs = typeof a.action_id === 'string' && a.action_id.startsWith('ssr:');
    const reply = await bot.handleAction({ address, user, value: isOurs ? a.value ?? '' : '' });
    const share = isOurs && a.action_id!.startsWith('ssr:share:') && reply.kind === 'answer';
    await respond({ response_type: share ? 'in_channel' : 'ephemeral', replace_original: false, ...render(reply, { shareable: !share }) }).catch((err) =>
      log.error('slack respond failed', { error: describeError(err), code: (err as { code?: string }).code }),
    );
  });

  // 5. App Home.
  app.event('app_home_opened', async ({ event, client, body }) => {
    if ((event as { tab?: string }).tab && (event as { tab?: string }).tab !== 'home') return;
    const locale = bot.defaultLocale;
    const workspace = `${SLACK_PREFIX}${(body as { team_id?: string }).team_id ?? 'T?'}:`;
    const digest = await options.digestStatus?.(workspace, locale);
    await client.views
      .publish({ user_id: event.user, view: homeView(bot.help(locale, config.command), bot.tableOfContents(locale), digest) as never })
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
    if ((event as { tokens?: { bot?: string[] } }).tokens?.bot?.length) await leave(body, 'tokens_revoked');
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
    const checker = new webApi.WebClient(config.botToken, { slackApiUrl: config.apiUrl, retryConfig: { retries: 0 }, timeout: 10_000, logger: checkLogger });
    const auth = await checker.auth.test().catch((err) => Promise.reject(slackStartProblem(err, 'SLACK_BOT_TOKEN', apiUrl)));
    botUserId = auth.user_id as string | undefined;
    botId = auth.bot_id as string | undefined;
    if (socket) {
      const appChecker = new webApi.WebClient(config.appToken, { slackApiUrl: config.apiUrl, retryConfig: { retries: 0 }, timeout: 10_000, logger: checkLogger });
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
    mode: socket ? 'socket' : 'http',
    app,
    port,
    mount(server) {
      if (socket) {
        mountSlackFallback(server, log, 'socket-mode');
        return;
      }
      const listener = (receiver as HTTPReceiver).requestListener;
      server.route('POST', SLACK_EVENTS_PATH, guardSlackRequests(listener, { signingSecret: config.signingSecret, command: config.command, log }));
      if (config.oauth) {
        server.route('GET', SLACK_INSTALL_PATH, listener);
        server.route('GET', SLACK_OAUTH_REDIRECT_PATH, listener);
      }
    },
    start() {
      void keepTrying(connect, { adapter: 'slack', log, report, signal: stopping.signal, explain: (err) => (err as Error).message, onBackoff: options.onBackoff });
    },
    async stop() {
      stopping.abort();
      if (socket) await (receiver as SocketModeReceiver).stop().catch(() => undefined);
    },
  };
}

export { SLACK_PREFIX };

/**
 * Bolt's OAuth flow on the shared server: GET /slack/install (the "Add to Slack" page, state in a signed
 * cookie, so any replica can finish what another started) and GET /slack/oauth_redirect (code → tokens via
 * oauth.v2.access and auth.test, then the installation is stored). The receiver makes its own Web API client
 * for those two calls, so it gets the client options (API URL, retries) here, not from the App.
 */
function oauthOptions(oauth: NonNullable<SlackAdapterOptions['config']['oauth']>, installationStore: SlackInstallations, clientOptions: webApi.WebClientOptions, apiUrl: string | undefined, log: Logger) {
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
