import type { SsrBot } from '../src/bot.js';
import type { Clock } from '../src/clock.js';
import type { Config } from './config.js';
import type { DeliveryPort } from '../src/delivery/delivery-port.js';
import type { InboundAction, InboundMessage } from '../src/inbound.js';
import type { Locale, Reply } from '../src/reply/reply-model.js';
import type { Store } from '../src/store/store.js';
import type { StateReporter } from './health.js';
import type { Logger } from './logger.js';
import type { Handler } from './server.js';

/** What the composition root hands every adapter; each takes what it needs. */
export interface AdapterHost {
  config: Config;
  bot: SsrBot;
  store: Store;
  clock: Clock;
  log: Logger;
  /** This adapter's health: starting → ok, or degraded with the reason. */
  report: StateReporter;
  /** Wraps each request's handling so shutdown can wait for it. */
  track: <T>(work: Promise<T>) => Promise<T>;
  /** A start-up attempt failed and is retried later. */
  onBackoff: () => void;
  /** Retries of platform API calls (tests use 0). */
  platformRetries?: number;
  /** Check the platform credentials in the background at start (main.ts does, in-process tests do not). */
  verifyCredentials?: boolean;
  /** The digest subscriptions under an address prefix, for a home screen; undefined when there are none. */
  digestStatus(addressPrefix: string, locale: Locale): Promise<Reply | undefined>;
}

export interface Route {
  method: 'GET' | 'POST';
  path: string;
  handler: Handler;
}

/**
 * One chat platform. Every adapter satisfies this (checked with `satisfies` where it is built): it translates
 * its payloads into the core's messages and actions, renders the core's replies, and delivers the messages the
 * core starts itself (send/find: the core's DeliveryPort) to addresses with its prefix.
 */
export interface ChatAdapter<Inbound = unknown, Payload = unknown> extends Partial<DeliveryPort> {
  /** Address prefix of its conversations ("web:"); `address` builds one from the platform's ids. */
  prefix: string;
  address(...ids: string[]): string;
  /** What the start-up block lists ("slack-http"). */
  surface: string;
  /** Its routes on the shared server. */
  routes: Route[];
  /** Inbound payload → the core's message or button press; undefined when it is not for the bot. */
  inbound(payload: Inbound): InboundMessage | InboundAction | undefined;
  /** A core reply → the platform's payload. */
  render(reply: Reply): Payload;
  /** Background work after the server listens (credential checks, sockets); never blocks; reports ok when serving. */
  start(): void;
  stop?(): Promise<void>;
}

/**
 * How the root finds an adapter without loading its SDK: a small module per platform folder. `load` imports
 * the real adapter only when `enabled`; `offRoutes` answer on its paths when it is not (a hint, never a 404).
 */
export interface AdapterEntry {
  name: string;
  enabled(config: Config): boolean;
  offRoutes?(config: Config, log: Logger): Route[];
  load(): Promise<(host: AdapterHost) => ChatAdapter>;
}
