import { describe, expect, it } from 'vitest';
import { message, realBot } from '../helpers/bot.js';

const bot = realBot();
const ask = (q: string) => bot.handleMessage(message(q));

describe('the answering sentence is the excerpt', () => {
  it.each([
    ['高级别专题小组讨论会由谁主持？', '托马斯·盖尔贝'],
    ['第三场专题会议讨论了什么？', '安全部门改革与预防之间的联系'],
    ['第二场专题会聊的是什么', '安全部门改革与可持续发展'],
    ['会议在哪里举行', '布拉迪斯拉发'],
    ['会议是什么时候举行的', '2017年6月5日和6日'],
    ['谁宣布会议开幕', '莱恰克'],
    ['有多少人参加了会议', '100多名与会者'],
    ['这封信是谁签的', '米哈尔·姆利纳尔'],
    ['成果文件分发给谁', '安全部门改革之友小组'],
  ])('%s → %s in the top excerpt', async (q, answer) => {
    const r = await ask(q);
    expect(r.hits[0].excerpt).toContain(answer);
  });

  it('an English reply shows the English excerpt; its original shows the Chinese answering sentence', async () => {
    const r = await ask('Who chaired the high-level panel?');
    expect(r.hits[0].ref).toBe('5');
    expect(r.hits[0].excerpt).toMatch(/Ambassador/u);
    expect(r.hits[0].excerpt).not.toMatch(/\p{Script=Han}/u);
    expect(r.hits[0].original?.excerpt).toContain('托马斯·盖尔贝');
  });

  it('shows the answering sentence with its neighbours and highlights inside the excerpt', async () => {
    const r = await ask('第三场专题会议讨论了什么？');
    const h = r.hits[0];
    expect(h.ref).toBe('5');
    // The third session's clause sits deep inside paragraph 5, whose first sentence is about the panel: the excerpt
    // starts at the clause ("…" marks the cut) and goes on with the next sentence (the round table).
    expect(h.excerpt.startsWith('…第三场专题会议')).toBe(true);
    expect(h.excerpt).toContain('圆桌会议');
    expect(h.text.startsWith('因此，会议的首场讨论')).toBe(true);
    const bold = h.highlights.map(([s, e]) => h.excerpt.slice(s, e));
    expect(bold.some((b) => b.includes('第三场专题会议'))).toBe(true);
  });
});

describe('honest result counts', () => {
  it('a one-answer question counts its strong matches, not every unit sharing a word', async () => {
    const r = await ask('妇女参与安全部门改革有哪些建议？');
    expect(r.hits[0].ref).toMatch(/^13\(h\)/u);
    expect(r.total).toBeLessThanOrEqual(5);
    expect(r.title).toContain(`找到 ${r.total} 条`);
  });

  it('How should SSR be financed? → the funding recommendations, counted as such', async () => {
    const r = await ask('How should SSR be financed?');
    expect(['13(j)-2', '13(i)-2']).toContain(r.hits[0].ref);
    expect(r.total).toBeLessThanOrEqual(3);
  });

  it('"More results" still pages on into the weaker matches', async () => {
    const first = await ask('妇女参与安全部门改革有哪些建议？');
    let reply = first;
    const seen = new Set(first.hits.map((h) => h.id));
    for (let i = 0; i < 5; i++) {
      const more = reply.actions.find((a) => a.kind === 'more');
      if (!more) break;
      reply = await bot.handleAction({ address: 'test:C1', user: 'U1', value: more.value });
      for (const h of reply.hits) seen.add(h.id);
    }
    expect(seen.size).toBeGreaterThan(first.total);
    expect(reply.message).toMatch(/较弱/u);
  });
});
