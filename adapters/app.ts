import { performance } from 'node:perf_hooks';
import type { Clock } from '../src/clock.js';
import { systemClock } from '../src/clock.js';
import type { Config } from './config.js';
import { loadAnswers } from '../src/create-bot.js';
import { SsrBot } from '../src/bot.js';
import { DeliveryRouter } from '../src/delivery/delivery-port.js';
import { DigestService } from '../src/digest/digest-service.js';
import { openStore } from '../src/store/open-store.js';
import type { Store } from '../src/store/store.js';
import { HealthBoard } from './health.js';
import { InFlight } from './in-flight.js';
import { pinoLogger, type Logger } from './logger.js';
import { Metrics } from './metrics.js';
import { observer } from './observer.js';
import { createAppServer, sendJson, type AppServer } from './server.js';
import type { AdapterEntry, ChatAdapter } from './chat-adapter.js';
import { slack } from './slack/index.js';
import { teams } from './teams/index.js';
import { web } from './web/index.js';

/** Every platform this bot can serve, in start-up order: a new adapter is its folder and one entry here. */
export const ADAPTERS: readonly AdapterEntry[] = [web, slack, teams];

/**
 * The composition root as a function: builds the core, mounts every configured adapter on one server, listens,
 * then lets the adapters check their credentials in the background — nothing outside can block the start.
 * `npm start` (main.ts) and the integration tests both call this.
 */
export interface RunningApp {
  url: string;
  bot: SsrBot;
  store: Store;
  server: AppServer;
  delivery: DeliveryRouter;
  digests: DigestService;
  health: HealthBoard;
  /** What is running, for the start-up block. */
  surfaces: string[];
  startupMs: number;
  /** Resolves when no adapter is still starting (each is ok, degraded or off), or after `timeoutMs`. */
  settled(timeoutMs?: number): Promise<boolean>;
  /** Resolves when the work requests started after their response (Slack answers after the ack) has finished. */
  idle(): Promise<void>;
  /** Graceful stop; resolves false when work was still running at the deadline and was cut. */
  stop(graceMs?: number): Promise<boolean>;
}

export interface StartOptions {
  log?: Logger;
  clock?: Clock;
  /** Retries of platform API calls (tests use 0 so a failing fake answers at once). */
  platformRetries?: number;
  /** Run the digest timer (default true); tests call digests.tick() with a manual clock instead. */
  scheduler?: boolean;
  /** Ask Entra ID (MICROSOFT_LOGIN_URL) for a Bot Framework token at start to check the Teams secret; main.ts does, in-process tests do not. */
  verifyTeamsCredentials?: boolean;
}

export const SHUTDOWN_GRACE_MS = 10_000;

export async function startApp(config: Config, options: StartOptions = {}): Promise<RunningApp> {
  const t0 = performance.now();
  const log = options.log ?? pinoLogger({ level: config.logLevel });
  const clock = options.clock ?? systemClock;
  const health = new HealthBoard();
  const metrics = config.metrics ? new Metrics(health) : undefined;
  const telemetry = observer({ log, logQuestions: config.logQuestions, metrics });
  const inFlight = new InFlight();

  const store = await openStore({ ...config, log: (message, extra) => log.warn(message, extra) });
  const { answers, corpus } = loadAnswers(config.corpusDir, { telemetry, defaultDocument: config.defaultDocument });
  const delivery = new DeliveryRouter();
  const digests = new DigestService({ content: answers, store, clock, delivery, defaultTimeZone: config.digestTimeZone, log, telemetry });
  const bot = new SsrBot({ answers, digests, store, clock, defaultLocale: config.botLocale, log, telemetry });
  for (const p of corpus.problems) log.warn('corpus file not (fully) loaded', { file: p.file, problem: p.message });

  const server = createAppServer(log);
  const surfaces: string[] = [];
  const status = () => ({ ok: true, documents: corpus.documents.length, units: bot.corpus.units.length, indexed: bot.engine.size, ready: health.ready(), stopping: health.isStopping, adapters: health.snapshot() });
  // Liveness: 200 while the process serves. Readiness: 200 only when every configured adapter is ok.
  server.route('GET', '/healthz', (_req, res) => sendJson(res, 200, status()));
  server.route('GET', '/readyz', (_req, res) => sendJson(res, health.ready() ? 200 : 503, status()));
  if (metrics) {
    server.route('GET', '/metrics', async (_req, res) => {
      const body = await metrics.registry.metrics();
      res.writeHead(200, { 'content-type': metrics.registry.contentType, 'cache-control': 'no-store' }).end(body);
    });
  }

  // Each platform SDK is loaded only when its platform is configured (Bolt ~0.3 s, botbuilder ~1 s of start-up).
  const adapters: ChatAdapter[] = [];
  for (const entry of ADAPTERS) {
    const enabled = entry.enabled(config);
    const report = health.reporter(entry.name, { state: enabled ? 'starting' : 'off' });
    if (!enabled) {
      for (const r of entry.offRoutes?.(config, log) ?? []) server.route(r.method, r.path, r.handler);
      continue;
    }
    const create = await entry.load();
    const adapter = create({
      config, bot, store, clock, log, report,
      track: inFlight.track,
      onBackoff: () => telemetry.backoff(`${entry.name}_start`),
      platformRetries: options.platformRetries,
      verifyCredentials: options.verifyTeamsCredentials,
      digestStatus: (prefix, locale) => digests.statusUnder(prefix, locale),
    });
    for (const r of adapter.routes) server.route(r.method, r.path, r.handler);
    if (adapter.send) delivery.register(adapter.prefix, { send: adapter.send, find: adapter.find });
    adapters.push(adapter);
    surfaces.push(adapter.surface);
  }

  let url: string;
  try {
    url = await server.listen(config.port, config.host);
  } catch (err) {
    await store.close();
    throw err;
  }
  for (const adapter of adapters) adapter.start();
  if (options.scheduler !== false) digests.start();
  const startupMs = performance.now() - t0;

  return {
    url,
    bot,
    store,
    server,
    delivery,
    digests,
    health,
    surfaces,
    startupMs,
    async settled(timeoutMs = 10_000) {
      const until = Date.now() + timeoutMs;
      while (!health.settled() && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
      return health.settled();
    },
    idle: () => inFlight.drain(),
    // Readiness goes to 503 at once; no new connections; the credential checks and the digest timer stop; the
    // requests in progress, the answers Slack is still waiting for and a digest pass in progress finish (up to
    // the grace period); then the database closes.
    async stop(graceMs = SHUTDOWN_GRACE_MS) {
      health.markStopping();
      const deadline = Date.now() + graceMs;
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<false>((r) => (timer = setTimeout(() => r(false), graceMs)));
      const drained = Promise.all([server.close(deadline), ...adapters.map((a) => a.stop?.()), digests.stop(), inFlight.drain()]).then(([serverClean]) => serverClean);
      const clean = await Promise.race([drained, late]);
      clearTimeout(timer);
      await store.close();
      return clean;
    },
  };
}
