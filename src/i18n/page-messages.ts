import type { Locale } from '../reply/reply-model.js';

/** The local chat page's own words (its replies come from the core like every platform's). */
export interface PageMessages {
  subtitle: string;
  placeholder: string;
  send: string;
  /** Before a request's error message. */
  error: string;
  /** This language's name on the switch button. */
  selfName: string;
  /** Shown while a reply is on its way. */
  thinking: string;
  /** Names the row of suggestion buttons (for screen readers). */
  suggestions: string;
}

export const PAGE_MESSAGES: Record<Locale, PageMessages> = {
  zh: { subtitle: '安全部门改革在保持和平方面的作用 — 成果文件（2017）', placeholder: '提问，或输入 13(d)、第8段、目录、帮助 … 回车发送', send: '发送', error: '出错了：', selfName: '中文', thinking: '正在思考…', suggestions: '可以试试' },
  en: { subtitle: 'The role of security sector reform in sustaining peace — outcome document (2017)', placeholder: 'Ask a question, or type 13(d), para 8, list, help … Enter sends', send: 'Send', error: 'Error: ', selfName: 'EN', thinking: 'Thinking…', suggestions: 'Try' },
};
