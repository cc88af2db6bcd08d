import type { Locale, ReplyLabels } from '../reply/reply-model.js';
import type { CorpusShape, Unit } from '../corpus/types.js';

/** The bot's name in titles and wherever a platform does not say how users address it. */
export const BOT_NAME = 'ssr-bot';

/** Every word the bot says, in both languages. Adapters take labels from replies, never from here. */
export interface Messages {
  labels: ReplyLabels;
  answerTitle: (query: string, total: number) => string;
  noMatchTitle: (query: string) => string;
  noMatchMessage: string;
  referenceTitle: (label: string) => string;
  referenceNotFound: (asked: string) => string;
  referenceNotFoundMessage: (shape: CorpusShape) => string;
  listTitle: (shape: CorpusShape) => string;
  helpTitle: string;
  /** The first card in a conversation the bot was added to. */
  welcomeTitle: string;
  /** Names the loaded documents (their titles in the reader's language). */
  helpIntro: (titles: string[]) => string;
  /** Heading of the command list (not the card title again). */
  commandsTitle: string;
  /** Help's list of loaded documents (shown when there are several). */
  documentsTitle: string;
  /** The command list; `command` is how to address the bot (a slash command, "@<bot name>") or empty where plain text reaches it. */
  helpCommands: (command: string, shape: CorpusShape) => string[];
  helpExamples: string[];
  queryTooLong: (max: number) => string;
  emptyAfterCleanup: string;
  unknownAction: string;
  expiredAction: string;
  feedbackThanks: (up: boolean) => string;
  feedbackNotSaved: string;
  internalError: string;
  unitLabel: (u: Unit) => string;
  groupLine: (u: Unit, childCount: number) => string;
  /** Paging line: `strong` hits are counted in the title; the rest (up to `all`) are weaker matches. */
  moreSummary: (from: number, to: number, strong: number, all: number) => string;
  defaultSuggestions: string[];
}

export const MESSAGES: Record<Locale, Messages> = {
  zh: {
    labels: {
      fullText: '全文',
      moreResults: '更多结果',
      share: '在频道中分享',
      helpful: '👍 有用',
      notHelpful: '👎 没用',
      matchedTerms: '匹配词',
      question: '问题',
      unofficialTranslation: '非正式译文；以中文文本为准',
      original: '中文原文',
    },
    answerTitle: (q, n) => `“${q}”：找到 ${n} 条相关内容`,
    noMatchTitle: (q) => `没有找到与“${q}”相关的内容`,
    noMatchMessage: '试试更短的关键词、文件中的说法，或直接输入段落编号，例如 13(d) 或 第8段。',
    referenceTitle: (label) => label,
    referenceNotFound: (asked) => `文件中没有 ${asked}`,
    referenceNotFoundMessage: (s) =>
      `文件有第${range(s.paragraphs)}段；第${s.groupParagraph}段下有建议组 ${letters(s)}，每组有 ${range(s.bulletsPerGroup)} 条建议，例如 ${s.example}。输入“目录”查看全部建议组。`,
    listTitle: (s) => `建议目录：第${s.groupParagraph}段 ${letters(s)}`,
    documentsTitle: '文件（引用前可加简称，例如 ssr2017 13(d)）',
    helpTitle: `${BOT_NAME} 帮助`,
    welcomeTitle: `欢迎使用 ${BOT_NAME}`,
    helpIntro: (titles) => `我可以回答关于${titles.map((t) => `《${t}》`).join('、')}的问题，并给出带准确出处的摘录。`,
    commandsTitle: '可以输入',
    helpCommands: (cmd, s) => [
      `${lead(cmd)}问题 — 搜索文件，例如 ${lead(cmd)}如何利用外部专家？`,
      `${lead(cmd)}13(d) · (d) · 13(d)-1 · 第8段 · 8 — 查看指定段落或建议`,
      `${lead(cmd)}目录 — 列出建议组 ${letters(s)}`,
      `${lead(cmd)}digest on 09:00 Asia/Shanghai [主题] — 每天在这里发送一条建议；digest status / now / off`,
      `${lead(cmd)}帮助 — 显示本帮助`,
    ],
    helpExamples: ['如何利用外部专家？', '可预测的供资', '13(d)', '第10段', 'trust funds'],
    queryTooLong: (max) => `问题过长，只使用了前 ${max} 个字符。`,
    emptyAfterCleanup: '问题里没有可以搜索的文字。',
    unknownAction: '无法识别这个按钮的操作，请重新提问。',
    expiredAction: '这条消息的按钮已过期，请重新提问。',
    feedbackThanks: (up) => (up ? '谢谢反馈！已记录为“有用”。' : '谢谢反馈！已记录为“没用”，我们会据此改进。'),
    feedbackNotSaved: '谢谢反馈！但现在无法保存，请稍后再点一次。',
    internalError: '抱歉，处理请求时出错了。已记录错误，请稍后再试。',
    unitLabel: (u) => zhLabel(u),
    groupLine: (u, n) => `(${u.letter}) ${firstClause(u.text)}（${n} 条建议）`,
    moreSummary: (a, b, n, all) =>
      b <= n
        ? `第 ${a}–${b} 条，共 ${n} 条${all > n ? `（另有 ${all - n} 条较弱的匹配）` : ''}`
        : a > n
          ? `第 ${a}–${b} 条：较弱的匹配（共 ${all} 条）`
          : `第 ${a}–${b} 条：前 ${n} 条为强匹配，其余较弱（共 ${all} 条）`,
    defaultSuggestions: ['伙伴关系', '名册', '可预测的供资', '培训和装备', '目录'],
  },
  en: {
    labels: {
      fullText: 'Full text',
      moreResults: 'More results',
      share: 'Share in channel',
      helpful: '👍 Helpful',
      notHelpful: '👎 Not helpful',
      matchedTerms: 'Matched',
      question: 'Question',
      unofficialTranslation: 'Unofficial translation; the Chinese text is authoritative',
      original: 'Chinese original',
    },
    answerTitle: (q, n) => `“${q}”: ${n} relevant passage${n === 1 ? '' : 's'}`,
    noMatchTitle: (q) => `Nothing found for “${q}”`,
    noMatchMessage: 'Try fewer or other words, the document’s own terms, or a reference such as 13(d) or para 8.',
    referenceTitle: (label) => label,
    referenceNotFound: (asked) => `The document has no ${asked}`,
    referenceNotFoundMessage: (s) =>
      `The document has paragraphs ${range(s.paragraphs)}; paragraph ${s.groupParagraph} holds recommendation groups ${letters(s)}, each with ${range(s.bulletsPerGroup)} recommendations such as ${s.example}. Type "list" for all groups.`,
    listTitle: (s) => `Recommendations: paragraph ${s.groupParagraph} ${letters(s)}`,
    documentsTitle: 'Documents (put the short name before a reference, e.g. ssr2017 13(d))',
    helpTitle: `${BOT_NAME} help`,
    welcomeTitle: `Welcome to ${BOT_NAME}`,
    helpIntro: (titles) => `I answer questions about ${titles.map((t) => `“${t}”`).join(' and ')}, with exact references.`,
    commandsTitle: 'What you can type',
    helpCommands: (cmd, s) => [
      `${lead(cmd)}question — search the document, e.g. ${lead(cmd)}rosters of experts`,
      `${lead(cmd)}13(d) · (d) · 13(d)-1 · para 8 · 8 — show a paragraph or recommendation`,
      `${lead(cmd)}list — the recommendation groups ${letters(s)}`,
      `${lead(cmd)}digest on 09:00 Europe/Vienna [topic] — one recommendation a day here; digest status / now / off`,
      `${lead(cmd)}help — this help`,
    ],
    helpExamples: ['rosters of experts', 'predictable funding', '13(d)', 'para 10', '可预测的供资'],
    queryTooLong: (max) => `The question was too long; only its first ${max} characters were used.`,
    emptyAfterCleanup: 'The question has no words to search for.',
    unknownAction: 'That button is not one I know. Please ask again.',
    expiredAction: 'The buttons on that message have expired. Please ask again.',
    feedbackThanks: (up) => (up ? 'Thanks! Recorded as helpful.' : 'Thanks! Recorded as not helpful; we will use it to improve.'),
    feedbackNotSaved: 'Thanks! Your feedback could not be saved right now; please press the button again later.',
    internalError: 'Sorry, something went wrong while answering. The error was logged; please try again later.',
    unitLabel: (u) => enLabel(u),
    groupLine: (u, n) => `(${u.letter}) ${firstClause(u.text)} (${n} recommendation${n === 1 ? '' : 's'})`,
    moreSummary: (a, b, n, all) =>
      b <= n
        ? `${a}–${b} of ${n}${all > n ? ` (and ${all - n} weaker match${all - n === 1 ? '' : 'es'})` : ''}`
        : a > n
          ? `${a}–${b}: weaker matches (${all} in all)`
          : `${a}–${b}: the first ${n} strong, then weaker matches (${all} in all)`,
    defaultSuggestions: ['partnerships', 'rosters', 'predictable funding', 'train and equip', 'list'],
  },
};

function range([a, b]: [number, number]): string {
  return a === b ? String(a) : `${a}–${b}`;
}

function letters(s: CorpusShape): string {
  return `(${s.groups[0]})–(${s.groups[1]})`;
}

/** "/ssr " before a command, or nothing where plain text reaches the bot (a 1:1 chat). */
function lead(command: string): string {
  return command ? `${command} ` : '';
}

function firstClause(text: string): string {
  const first = text.split(/[。；]/u)[0] ?? text;
  return first.length > 50 ? `${first.slice(0, 49)}…` : first;
}

function zhLabel(u: Unit): string {
  switch (u.kind) {
    case 'paragraph':
      return `第${u.paragraph}段`;
    case 'group':
      return `建议 ${u.ref}`;
    case 'bullet':
      return `建议 ${u.ref}`;
    case 'letter':
      return `信函第${u.index}段`;
    case 'signature':
      return '信函署名';
    case 'heading':
      return `标题：${u.text}`;
    default:
      return u.text.slice(0, 30);
  }
}

function enLabel(u: Unit): string {
  switch (u.kind) {
    case 'paragraph':
      return `Para ${u.paragraph}`;
    case 'group':
      return `Recommendation ${u.ref}`;
    case 'bullet':
      return `Recommendation ${u.ref}`;
    case 'letter':
      return `Cover letter, para ${u.index}`;
    case 'signature':
      return 'Cover letter, signature';
    case 'heading':
      return `Heading: ${u.text}`;
    default:
      return u.text.slice(0, 30);
  }
}
