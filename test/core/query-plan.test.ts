import { describe, expect, it } from 'vitest';
import { answersIntents, detectIntents } from '../../src/search/intent.js';
import { realBot } from '../helpers/bot.js';

const bot = realBot();
const plan = (q: string) => bot.engine.plan(q);

describe('planning a question', () => {
  it('cuts question words, yes/no forms and particles, keeping the topic', () => {
    expect(plan('维稳环境是指什么情况').core).toBe('');
    expect(plan('光搞培训和发装备够不够').concepts.map((c) => c.label)).not.toContain('不够');
    expect(plan('请问如何利用外部专家？').core).not.toMatch(/请问|如何/u);
    // 几 goes with its counter: 几家机构 asks about 机构, not the 家机构 of 国家机构.
    expect(plan('几家机构各自摸底').concepts.map((c) => c.label)).not.toContain('家机构');
  });

  it('cuts the rest into stretches of the document\'s own wording, trimming function characters', () => {
    expect(plan('安全部门为什么是和平的基础').concepts.map((c) => c.label)).toEqual(expect.arrayContaining(['安全部门', '和平']));
    expect(plan('多边组织的伙伴关系').phrases).toEqual(['多边组织', '伙伴关系']);
  });

  it('writes small ordinals as the document does (第3场 → 第三场)', () => {
    expect(plan('第3场专题会议讨论了什么').normalized).toContain('第三场专题会议');
  });

  it('writes years, months, days and hundreds in digits, as the document does', () => {
    expect(plan('五月份纽约开的会').normalized).toContain('5月份');
    expect(plan('二〇一七年六月五号和六号').normalized).toContain('2017年6月5日和6日');
    expect(plan('有一百多人参加吗').normalized).toContain('100多');
    // Ordinals of sessions stay Chinese: the document writes 第七十二届 and 第三场.
    expect(plan('第七十二届会议').normalized).toContain('第七十二届');
    expect(bot.engine.search('五月在纽约开的对话会').hits[0].unit.ref).toBe('2');
  });

  it('keeps a date whole as one concept', () => {
    expect(plan('2017年5月那个会').phrases).toContain('2017年5月');
  });

  it('reads "A不A" as A: 好不好找 keeps 好找, 够不够 never becomes 不够', () => {
    expect(plan('专业人员好不好找').concepts.map((c) => c.label)).toContain('好找');
    expect(plan('光搞培训和发装备够不够').concepts.map((c) => c.label)).not.toContain('不够');
  });

  it('drops a lone character beside other concepts, and searches one asked alone', () => {
    expect(plan('时间表打架了咋整').concepts.map((c) => c.label)).not.toContain('整');
    expect(plan('钱').concepts.map((c) => c.label)).toContain('钱');
  });

  it('reads Traditional characters as Simplified', () => {
    expect(plan('安全部門改革的經費').normalized).toBe('安全部门改革的经费');
  });

  it('searches what the question said when nothing but question words is left', () => {
    expect(bot.engine.search('这份文件里有什么内容').hits.length).toBeGreaterThan(0);
  });
});

describe('question intent', () => {
  it.each([
    ['高级别专题小组讨论会由谁主持？', 'who'],
    ['会议是什么时候举行的', 'when'],
    ['会是在哪个城市开的', 'where'],
    ['有多少人参加', 'howMany'],
    ['参会人数', 'howMany'],
    ['会议规模多大', 'howMany'],
    ['第三场专题会议讨论了什么', 'what'],
    ['为什么要依靠外部专家', 'why'],
    ['维稳环境是指什么', 'define'],
    ['保持和平这个提法到底指啥', 'define'],
    ['维稳环境跟一般维和有啥区别', 'define'],
    ['哪些组织参加了会议', 'which'],
    ['Who chaired the panel?', 'who'],
  ])('%s → %s', (q, intent) => {
    expect([...detectIntents(q)]).toContain(intent);
  });

  it('"how big" is asked, not searched: 多大 is no concept (the document has it only in 在多大程度上)', () => {
    expect(plan('影响有多大').concepts.map((c) => c.label)).toEqual(['影响']);
    expect(bot.engine.search('会议规模多大').hits[0].unit.ref).not.toBe('4');
  });

  it('a sentence answers when it holds the kind of answer asked for', () => {
    expect(answersIntents('讨论会由日内瓦民主管制武装力量中心的托马斯·盖尔贝大使主持', new Set(['who']))).toBe(1);
    expect(answersIntents('于2017年6月5日和6日举行', new Set(['when']))).toBe(1);
    expect(answersIntents('需要更好地了解安全部门', new Set(['who', 'when']))).toBe(0);
    expect(answersIntents('会议特别关注“保持和平”议程，这已成为防止冲突爆发、持续和再次发生的新方法。', new Set(['define']))).toBe(1);
  });
});
