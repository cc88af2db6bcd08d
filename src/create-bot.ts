import { loadCorpus, type LoadedCorpus } from './corpus/load-corpus.js';
import { SsrBot, type BotOptions } from './bot.js';
import { loadGlossaryExpander } from './glossary/load-glossary.js';

/** Loads the corpus folder (documents and glossary) and builds the bot: the one way every entry point starts the core. */
export function createBotFromCorpus(corpusDir: string, options: Omit<BotOptions, 'corpus' | 'expander'> = {}): { bot: SsrBot; corpus: LoadedCorpus } {
  const corpus = loadCorpus(corpusDir);
  const expander = loadGlossaryExpander(corpusDir);
  return { bot: new SsrBot({ ...options, corpus, expander }), corpus };
}
