import type { DigestCommand } from './commands/parse-command.js';
import type { Locale, Reply } from './reply/reply-model.js';

/** A message as every adapter hands it to the core. */
export interface InboundMessage {
  /** Adapter-prefixed conversation address: "web:<session>", or a platform's own prefix and ids. */
  address: string;
  user: string;
  text: string;
  /** The user's or workspace's locale as the platform reports it ("en-US", "zh-CN"). */
  locale?: string;
  /** How the user invokes the bot on this platform, for help texts: a slash command or "@<bot name>". */
  commandPrefix?: string;
}

/** A button press: `value` is the opaque string the core put on the button. */
export interface InboundAction {
  address: string;
  user: string;
  value: string;
  locale?: string;
}

/** The digest feature plugs in here; without it digest commands say they are unavailable. */
export interface DigestCommands {
  handle(command: DigestCommand, msg: InboundMessage, locale: Locale): Promise<Reply>;
}
