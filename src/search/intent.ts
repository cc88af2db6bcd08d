/**
 * What kind of answer a question wants, and how a sentence that gives it looks. A who-question is answered by a
 * sentence naming people or saying who chaired, opened or signed; a when-question by a date; a where-question by
 * "held in …"; a how-many question by a number. Cues only add to a sentence that already covers the question's
 * topic (see search-engine.ts): they pick the answering sentence, they do not make a topic match.
 */
export type Intent = 'who' | 'when' | 'where' | 'howMany' | 'what' | 'which' | 'why' | 'define';

interface IntentRule {
  intent: Intent;
  /** Matches the normalised question. */
  asks: RegExp;
  /** Matches a sentence that can answer it. */
  answers: RegExp;
}

const NUMBER = '[一二三四五六七八九十两百千\\d]';

const RULES: IntentRule[] = [
  {
    intent: 'who',
    asks: /谁|哪位|哪些人|什么人|何人|哪个人|哪国人|主持人|嘉宾|发言人|成员有|who|whom|chair(?:ed|s)?\b|speakers?|panell?ists?/u,
    answers: /\p{Script=Han}·\p{Script=Han}|主持|担任主席|成员包括|签名|宣布|先生|大使|由\p{Script=Han}{2,8}和\p{Script=Han}{2,8}共同/u,
  },
  {
    intent: 'when',
    asks: /什么时候|何时|哪天|哪一天|几月|几号|几天|两天|多少天|会期|哪年|哪一年|日期|时间是|when\b|what date|which year|how long/u,
    answers: /\d{4}\s*年|\d{1,2}\s*月\s*\d{1,2}\s*日|\d{1,2}\s*月/u,
  },
  {
    intent: 'where',
    asks: /哪里|哪儿|在哪|何地|何处|地点|哪个城市|哪座城市|哪个国家|哪国|where\b|venue|which city/u,
    answers: /在\p{Script=Han}{2,12}(?:举行|召开)|分发给|在\p{Script=Han}{2,8}的支持下/u,
  },
  {
    intent: 'howMany',
    asks: new RegExp(`多少|几个|几场|几名|几位|几次|几条|几项|几类|几种|人数|规模|多大|过百|上百|how many|how much|number of`, 'u'),
    answers: new RegExp(`\\d+多?名|${NUMBER}+(?:场|名|个|项|条|次|类)|\\d{2,}`, 'u'),
  },
  {
    // "What did the third session discuss?", "What was the panel about?": the sentence that states a subject.
    intent: 'what',
    asks: /(?:讨论|探讨|研究|谈|聊|讲|关注|说)(?:了|的|过)?(?:什么|啥|哪些)|(?:主题|重点|议题|内容)是|what (?:did|was|were|is)\b.*\b(?:discuss|about|focus|cover)/u,
    answers: /重点是|探讨了|研究了|讨论|关注|关于\p{Script=Han}{2,30}的/u,
  },
  {
    // "Which organisations attended?": the sentence that lists them.
    intent: 'which',
    asks: /哪些(?:组织|机构|国家|国际组织|部门|行为体|人|方面|团体|领域)|哪个(?:组织|机构|国家|部门)|which (?:organi[sz]ations?|countries|bodies|institutions)/u,
    answers: /包括|、[^，。；]{1,20}、|以及/u,
  },
  {
    // "Why should organisations partner?": the sentence giving a purpose or a reason.
    intent: 'why',
    asks: /为什么|为何|为啥|干嘛|干什么用|原因是|因为什么|是因为|什么原因|啥原因|由于什么|目的是|目的何在|为了什么|why\b|what for|purpose/u,
    answers: /为了|为使|为加强|为促进|以便|以提高|以支持|以加强|因此|由于|因为|鉴于|必不可少|至关重要|从而/u,
  },
  {
    // "What is meant by a stabilization setting?", "how is it different from…": the sentence that defines or explains.
    intent: 'define',
    asks: /是指|指的是|指啥|指什么|什么是|什么叫|啥叫|是什么意思|啥意思|什么意思|定义|什么概念|啥概念|怎么理解|如何理解|咋理解|什么区别|啥区别|有何区别|有区别|不一样|what (?:is|are) meant|what does .* mean/u,
    answers: /所谓|是指|即|此时|这意味着|意味着|也就是|概念|已成为|视为|是一项|是一个/u,
  },
];

export function detectIntents(normalizedQuery: string): Set<Intent> {
  const out = new Set<Intent>();
  for (const r of RULES) if (r.asks.test(normalizedQuery)) out.add(r.intent);
  return out;
}

/**
 * Intents a sentence can answer without knowing the topic: a name, a date, a place. A question that asks only this
 * ("会在哪座城办？") is answered from the sentences stating one; "why" or "how many" alone would match half the text.
 */
const FACT_INTENTS: ReadonlySet<Intent> = new Set(['who', 'when', 'where']);

export function factIntents(intents: Set<Intent>): Set<Intent> {
  return new Set([...intents].filter((i) => FACT_INTENTS.has(i)));
}

/** How many of the question's intents a sentence can answer. */
export function answersIntents(sentence: string, intents: Set<Intent>): number {
  let n = 0;
  for (const r of RULES) if (intents.has(r.intent) && r.answers.test(sentence)) n++;
  return n;
}
