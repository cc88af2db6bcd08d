import type { Clock } from '../clock.js';
import type { CorpusShape, Unit } from '../corpus/types.js';
import { describeError } from '../errors.js';
import { MESSAGES } from '../i18n/messages.js';
import { toLocale } from '../locale.js';
import type { Logger } from '../logger.js';
import { baseReply } from '../reply/replies.js';
import type { Locale, Reply } from '../reply/reply-model.js';
import type { Store } from '../store/store.js';


/** The commands that explain the bot: help, the welcome card, the table of contents. Needs only the groups. */
export class Guide {
  constructor(
    private readonly o: {
      /** The recommendation groups as the reader's language shows them (a translation where there is one). */
      groups: (locale: Locale) => Unit[];
      /** The document's short name, when several documents are loaded (the list then says which). */
      documentName?: (unit: Unit) => string | undefined;
      /** One line per loaded document ("ssr2017 — title"), for help. */
      documents?: (locale: Locale) => string[];
      /** The loaded documents' titles in the reader's language (the original's where there is no version). */
      titles: (locale: Locale) => string[];
      shape: () => CorpusShape;
      defaultLocale: Locale; clock: Clock; log: Logger; store?: Store },
  ) {}

  /** The help reply, also used for an adapter's home screen. */
  help(locale: Locale, commandPrefix = ''): Reply {
    return this.helpReply(locale, commandPrefix, MESSAGES[locale].helpTitle);
  }

  /**
   * The welcome for a conversation the bot was just added to — once per conversation (the store remembers), so
   * undefined when it was already welcomed. Language: the locale the event carries, then the last one known for
   * the conversation, then BOT_LOCALE. If it cannot be delivered, call forgetWelcome so the next event retries.
   */
  async welcome(msg: { address: string; locale?: string; commandPrefix?: string }): Promise<Reply | undefined> {
    const { store, clock, log } = this.o;
    let stored: string | undefined;
    if (store) {
      try {
        if (!(await store.markWelcomed(msg.address, clock.now()))) return undefined;
        stored = (await store.getConversation(msg.address))?.locale;
      } catch (err) {
        // Unrecorded, a welcome may come twice; unsent, it never comes: welcome anyway.
        log.warn('welcome not recorded', { address: msg.address, error: describeError(err) });
      }
    }
    const locale = toLocale(msg.locale) ?? toLocale(stored) ?? this.o.defaultLocale;
    return this.helpReply(locale, msg.commandPrefix ?? '', MESSAGES[locale].welcomeTitle);
  }

  async forgetWelcome(address: string): Promise<void> {
    try {
      await this.o.store?.forgetWelcome(address);
    } catch (err) {
      this.o.log.warn('welcome not forgotten', { address, error: describeError(err) });
    }
  }

  /** Table of contents of the recommendation groups, under their sub-headings. */
  tableOfContents(locale: Locale): Reply {
    const m = MESSAGES[locale];
    const groups = this.o.groups(locale);
    const sections: { title: string; lines: string[] }[] = [];
    for (const g of groups) {
      const name = this.o.documentName?.(g);
      const title = [name, g.path[g.path.length - 1]].filter(Boolean).join(' · ');
      let section = sections[sections.length - 1];
      if (!section || section.title !== title) {
        section = { title, lines: [] };
        sections.push(section);
      }
      section.lines.push(m.groupLine(g, g.childIds?.length ?? 0));
    }
    return {
      ...baseReply('list', locale),
      title: m.listTitle(this.o.shape()),
      sections,
      suggestions: groups.map((g) => [this.o.documentName?.(g), g.ref].filter(Boolean).join(' ')),
      fallbackText: `${m.listTitle(this.o.shape())}\n${sections.map((s) => `${s.title}\n${s.lines.join('\n')}`).join('\n')}`,
    };
  }

  private helpReply(locale: Locale, commandPrefix: string, title: string): Reply {
    const m = MESSAGES[locale];
    const lines = m.helpCommands(commandPrefix, this.o.shape());
    const docs = this.o.documents?.(locale) ?? [];
    const intro = m.helpIntro(this.o.titles(locale));
    return {
      ...baseReply('help', locale),
      title,
      message: intro,
      sections: [{ title: m.commandsTitle, lines }, ...(docs.length > 1 ? [{ title: m.documentsTitle, lines: docs }] : [])],
      suggestions: m.helpExamples,
      fallbackText: `${title}\n${intro}\n${[...lines, ...docs].join('\n')}`,
    };
  }
}
