import { BotError } from '../errors.js';
import type { Reply } from '../reply/reply-model.js';

/**
 * Outbound messages the core starts itself (digests) leave through this port. Each adapter registers one for
 * its address prefix ("slack:", "teams:"); the core never branches on the platform.
 */
export interface DeliveryPort {
  /** Posts a new top-level message; resolves when the platform accepted it. Throws DeliveryError. */
  send(address: string, reply: Reply): Promise<void>;
}

/**
 * retry: try again after `retryAfterMs` (rate limits, 5xx); permanent: the conversation is gone or closed to
 * the bot (channel_not_found, not_in_channel, is_archived, Teams 403) — stop sending there.
 */
export type DeliveryFailure = 'retry' | 'permanent';

export class DeliveryError extends BotError {
  constructor(
    readonly failure: DeliveryFailure,
    readonly reason: string,
    options: { retryAfterMs?: number; cause?: unknown } = {},
  ) {
    super('DELIVERY_FAILED', `delivery failed (${failure}): ${reason}`, { cause: options.cause });
    this.retryAfterMs = options.retryAfterMs;
  }
  readonly retryAfterMs?: number;
}

export class DeliveryRouter implements DeliveryPort {
  private readonly ports = new Map<string, DeliveryPort>();

  register(prefix: string, port: DeliveryPort): void {
    this.ports.set(prefix, port);
  }

  has(address: string): boolean {
    return this.portFor(address) !== undefined;
  }

  async send(address: string, reply: Reply): Promise<void> {
    const port = this.portFor(address);
    if (!port) throw new DeliveryError('permanent', `no adapter delivers to ${address.split(':')[0]}: addresses`);
    await port.send(address, reply);
  }

  private portFor(address: string): DeliveryPort | undefined {
    for (const [prefix, port] of this.ports) if (address.startsWith(prefix)) return port;
    return undefined;
  }
}
