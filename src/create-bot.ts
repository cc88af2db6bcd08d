import { Answers, type AnswersOptions } from './answering/answers.js';
import { loadCorpus, type LoadedCorpus } from './corpus/load-corpus.js';
import { SsrBot, type BotOptions } from './bot.js';
import { loadGlossaryExpander } from './glossary/load-glossary.js';

/** Loads the corpus folder (documents and glossary) into the answering service. */
export function loadAnswers(corpusDir: string, options: Omit<AnswersOptions, 'corpus' | 'expander'> = {}): { answers: Answers; corpus: LoadedCorpus } {
  const corpus = loadCorpus(corpusDir);
  return { answers: new Answers({ ...options, corpus, expander: loadGlossaryExpander(corpusDir) }), corpus };
}

/** The bot over a corpus folder, without digests: the CLI, evaluation and benchmarks start the core this way. */
export function createBotFromCorpus(corpusDir: string, options: Omit<BotOptions, 'answers'> = {}): { bot: SsrBot; corpus: LoadedCorpus } {
  const { answers, corpus } = loadAnswers(corpusDir, { telemetry: options.telemetry });
  return { bot: new SsrBot({ ...options, answers }), corpus };
}
