import { BotError } from '../errors.js';
import type { Reply } from '../reply/reply-model.js';

/**
 * Outbound messages the core starts itself (digests) leave through this port. Each adapter registers one for
 * its address prefix ("web:", "chat:"); the core never branches on the platform.
 */
export interface DeliveryPort {
  /**
   * Posts a new top-level message; resolves when the platform accepted it. Throws DeliveryError. `key` names
   * the attempt: a port that can attach it to the message (as message metadata) does, so `find` can look.
   */
  send(address: string, reply: Reply, key?: DeliveryKey): Promise<void>;
  /**
   * After a crash or an unanswered send: is the message sent with `key` (no earlier than `since`) in the
   * conversation? Throws DeliveryError when the platform cannot be asked right now. Ports that can never
   * tell leave this out, and an unfinished attempt there is not sent again (at most once).
   */
  find?(address: string, key: DeliveryKey, since: Date): Promise<DeliveryLookup>;
}

export interface DeliveryKey {
  subscription: string;
  /** Local date of the digest, or "now". */
  day: string;
  attempt: string;
}

export type DeliveryLookup = { kind: 'found' } | { kind: 'absent' } | { kind: 'unknown'; reason: string };

/**
 * retry: try again after `retryAfterMs` (rate limits, 5xx); permanent: the conversation is gone or closed to
 * the bot (a channel deleted, archived or closed to the bot) — stop sending there. `maybeDelivered`:
 * the request may have reached the platform (connection lost, timeout, 5xx), so the message may be there.
 */
export type DeliveryFailure = 'retry' | 'permanent';

export class DeliveryError extends BotError {
  readonly retryAfterMs?: number;
  readonly maybeDelivered: boolean;
  constructor(
    readonly failure: DeliveryFailure,
    readonly reason: string,
    options: { retryAfterMs?: number; maybeDelivered?: boolean; cause?: unknown } = {},
  ) {
    super('DELIVERY_FAILED', `delivery failed (${failure}): ${reason}`, { cause: options.cause });
    this.retryAfterMs = options.retryAfterMs;
    this.maybeDelivered = options.maybeDelivered ?? false;
  }
}

export class DeliveryRouter implements DeliveryPort {
  private readonly ports = new Map<string, DeliveryPort>();

  register(prefix: string, port: DeliveryPort): void {
    this.ports.set(prefix, port);
  }

  has(address: string): boolean {
    return this.portFor(address) !== undefined;
  }

  async send(address: string, reply: Reply, key?: DeliveryKey): Promise<void> {
    const port = this.portFor(address);
    if (!port) throw new DeliveryError('permanent', `no adapter delivers to ${address.split(':')[0]}: addresses`);
    await port.send(address, reply, key);
  }

  async find(address: string, key: DeliveryKey, since: Date): Promise<DeliveryLookup> {
    const port = this.portFor(address);
    if (!port?.find) return { kind: 'unknown', reason: `${address.split(':')[0]} cannot be asked whether a message arrived` };
    return port.find(address, key, since);
  }

  private portFor(address: string): DeliveryPort | undefined {
    for (const [prefix, port] of this.ports) if (address.startsWith(prefix)) return port;
    return undefined;
  }
}
