import { createBotFromCorpus } from '../../src/create-bot.js';
import type { SsrBot } from '../../src/bot.js';
import type { InboundMessage } from '../../src/inbound.js';

export const CORPUS_DIR = new URL('../../corpus', import.meta.url).pathname;

let shared: SsrBot | undefined;
/** One bot over the real corpus, built once per test file. */
export function realBot(): SsrBot {
  shared ??= createBotFromCorpus(CORPUS_DIR).bot;
  return shared;
}

export function message(text: string, extra: Partial<InboundMessage> = {}): InboundMessage {
  return { address: 'test:C1', user: 'U1', text, ...extra };
}
