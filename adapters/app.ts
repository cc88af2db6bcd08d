import { performance } from 'node:perf_hooks';
import type { Clock } from '../src/clock.js';
import { systemClock } from '../src/clock.js';
import type { Config } from '../src/config.js';
import { createBotFromCorpus } from '../src/create-bot.js';
import type { SsrBot } from '../src/bot.js';
import { openStore } from '../src/store/open-store.js';
import type { Store } from '../src/store/store.js';
import { consoleLogger, type Logger } from './logger.js';
import { createAppServer, sendJson, type AppServer } from './server.js';
import { mountWeb } from './web/web-adapter.js';
import { createSlackAdapter, SLACK_PREFIX } from './slack/slack-adapter.js';
import { mountSlackFallback } from './slack/events-fallback.js';
import { DeliveryRouter } from '../src/delivery/delivery-port.js';
import { createTeamsAdapter, mountTeamsOff } from './teams/teams-adapter.js';
import { TEAMS_PREFIX } from './teams/teams-inbound.js';
import { DigestService } from '../src/digest/digest-service.js';

/**
 * The composition root as a function: builds the core, mounts every configured adapter on one server and
 * starts it. `npm start` (main.ts) and the integration tests both call this.
 */
export interface RunningApp {
  url: string;
  bot: SsrBot;
  store: Store;
  server: AppServer;
  delivery: DeliveryRouter;
  digests: DigestService;
  /** What is running, for the start-up block. */
  surfaces: string[];
  startupMs: number;
  stop(): Promise<void>;
}

export interface StartOptions {
  log?: Logger;
  clock?: Clock;
  /** Retries of platform API calls (tests use 0 so a failing fake answers at once). */
  platformRetries?: number;
  /** Run the digest timer (default true); tests call digests.tick() with a manual clock instead. */
  scheduler?: boolean;
}

export async function startApp(config: Config, options: StartOptions = {}): Promise<RunningApp> {
  const t0 = performance.now();
  const log = options.log ?? consoleLogger();
  const clock = options.clock ?? systemClock;
  const store = await openStore({ ...config, log: (message, extra) => log.warn(message, extra) });
  const { bot, corpus } = createBotFromCorpus(config.corpusDir, {
    store,
    clock,
    defaultLocale: config.botLocale,
    log: (level, message, extra) => log[level](message, extra),
  });
  for (const p of corpus.problems) log.warn('corpus file skipped', { file: p.file, problem: p.message });

  const server = createAppServer(log);
  const surfaces: string[] = [];
  const stops: (() => Promise<void>)[] = [];
  server.route('GET', '/healthz', (_req, res) => sendJson(res, 200, { ok: true, documents: corpus.documents.length, units: bot.corpus.units.length, indexed: bot.engine.size }));
  const delivery = new DeliveryRouter();
  const digests = new DigestService({
    bot,
    store,
    clock,
    delivery,
    defaultTimeZone: config.digestTimeZone,
    log: (level, message, extra) => log[level](message, extra),
  });
  bot.setDigests(digests);
  if (config.playground) {
    mountWeb(server, bot);
    surfaces.push('web');
  }
  if (config.slack) {
    const slack = createSlackAdapter({
      config: config.slack,
      bot,
      store,
      clock,
      log,
      webApiRetries: options.platformRetries,
      digestStatus: async (workspacePrefix, locale) => digests.workspaceStatus(workspacePrefix, locale),
    });
    slack.mount(server);
    delivery.register(SLACK_PREFIX, slack.port);
    await slack.start();
    stops.push(() => slack.stop());
    surfaces.push(slack.mode === 'socket' ? 'slack-socket' : 'slack-http');
  } else {
    mountSlackFallback(server, log, 'not-configured');
  }

  if (config.teams.mode === 'off') {
    mountTeamsOff(server);
  } else {
    const teams = createTeamsAdapter({ config: config.teams, bot, store, clock, log });
    teams.mount(server);
    delivery.register(TEAMS_PREFIX, teams.port);
    surfaces.push('teams');
  }

  const url = await server.listen(config.port, config.host);
  if (options.scheduler !== false) {
    digests.start();
    stops.push(async () => digests.stop());
  }
  const startupMs = performance.now() - t0;
  return {
    url,
    bot,
    store,
    server,
    delivery,
    digests,
    surfaces,
    startupMs,
    async stop() {
      for (const stop of stops.reverse()) await stop();
      await server.close();
      await store.close();
    },
  };
}
