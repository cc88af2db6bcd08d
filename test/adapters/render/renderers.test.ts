import { describe, expect, it } from 'vitest';
import { escapeTeamsMarkdown, renderAdaptiveCard, utf16Bytes } from '../../../adapters/render/adaptive-card.js';
import { escapeMrkdwn, renderBlockKit } from '../../../adapters/render/block-kit.js';
import { chunkText } from '../../../adapters/render/text-chunks.js';
import { message, realBot } from '../../helpers/bot.js';

const bot = realBot();

describe('Teams markdown escaping', () => {
  it('keeps "12. " at a line start from becoming a list, and * _ [ ] literal', () => {
    expect(escapeTeamsMarkdown('12. 第一\n- 第二\n# 三')).toBe('12\\. 第一\n\\- 第二\n\\# 三');
    expect(escapeTeamsMarkdown('*a* _b_ [c](d)')).toBe('\\*a\\* \\_b\\_ \\[c\\](d)');
  });
});

type Node = { type?: string; text?: string; title?: string; data?: unknown; actions?: Node[]; body?: Node[]; items?: Node[]; card?: Node };
function walk(card: unknown, visit: (n: Node) => void): void {
  if (!card || typeof card !== 'object') return;
  if (!Array.isArray(card)) visit(card as Node);
  for (const v of Object.values(card)) walk(v, visit);
}
const texts = (card: unknown) => {
  const out: string[] = [];
  walk(card, (n) => n.type === 'TextBlock' && out.push(n.text ?? ''));
  return out;
};

describe('Adaptive Card actions', () => {
  it('every button is a plain Action.Submit whose data is only { ssrAction } — no msteams messageBack block', async () => {
    const replies = [await bot.handleMessage(message('安全部门改革支助')), await bot.handleMessage(message('trust funds')), await bot.handleMessage(message('13(d)'))];
    const submits: Node[] = [];
    for (const r of replies) walk(renderAdaptiveCard(r), (n) => n.type?.startsWith('Action.') && n.type !== 'Action.ShowCard' && submits.push(n));
    expect(submits.length).toBeGreaterThan(8);
    for (const a of submits) {
      expect(a.type).toBe('Action.Submit');
      expect(a.data).toEqual({ ssrAction: expect.any(String) });
      // The value goes back to the core unchanged.
      expect(JSON.parse((a.data as { ssrAction: string }).ssrAction)).toHaveProperty('a');
    }
    expect(submits.map((a) => a.title)).toContain('更多结果');
    expect(submits.map((a) => a.title)).toContain('👍 Helpful');
  });
});

describe('Adaptive Card headings are not repeated', () => {
  it('the help card names itself once', async () => {
    for (const q of ['帮助', 'help']) {
      const reply = await bot.handleMessage(message(q));
      const t = texts(renderAdaptiveCard(reply));
      expect(t.filter((x) => x === reply.title)).toHaveLength(1);
    }
  });

  it('13(d): the title is the group, its first item does not restate it', async () => {
    const reply = await bot.handleMessage(message('recommendation 13(d)'));
    expect(reply.title).toBe('Recommendation 13(d)');
    const t = texts(renderAdaptiveCard(reply));
    expect(t.filter((x) => x.startsWith('Recommendation 13(d)') && !x.startsWith('Recommendation 13(d)-'))).toHaveLength(1);
    expect(t).toContain('Recommendation 13(d)-1');
  });

  it('an answer quotes the question once', async () => {
    const card = renderAdaptiveCard(await bot.handleMessage(message('如何利用外部专家？')));
    expect(texts(card).filter((x) => x.includes('如何利用外部专家？'))).toHaveLength(1);
  });
});

describe('Slack mrkdwn escaping', () => {
  it('escapes exactly & < >', () => {
    expect(escapeMrkdwn('<!channel> & <@U1> <http://x|y>')).toBe('&lt;!channel&gt; &amp; &lt;@U1&gt; &lt;http://x|y&gt;');
  });
});

describe('chunkText', () => {
  it('cuts at sentence ends and never inside a character', () => {
    const text = '第一句很长。'.repeat(100) + '😀'.repeat(50);
    const pieces = chunkText(text, 97);
    expect(pieces.join('')).toBe(text);
    for (const p of pieces) {
      expect(p.length).toBeLessThanOrEqual(97);
      expect(/[\uD800-\uDBFF]$/u.test(p)).toBe(false);
    }
    expect(pieces[0].endsWith('。')).toBe(true);
  });
});

describe('renderers respect platform limits for every kind of reply', () => {
  const queries = ['名册', '13(d)', '目录', '帮助', '🙂', 'trust funds', '安全部门改革支助', '第13段', '伙伴关系'.repeat(200)];
  it.each(queries)('%s', async (q) => {
    const reply = await bot.handleMessage(message(q));
    const slack = renderBlockKit(reply);
    expect(slack.text.length).toBeGreaterThan(0);
    expect(slack.blocks.length).toBeLessThanOrEqual(50);
    expect(JSON.stringify(slack.blocks).length).toBeLessThanOrEqual(12_000);
    const ids = slack.blocks.flatMap((b) => ((b as { elements?: { action_id?: string }[] }).elements ?? []).map((e) => e.action_id).filter(Boolean));
    expect(new Set(ids).size).toBe(ids.length);
    const blockIds = slack.blocks.map((b) => (b as { block_id?: string }).block_id).filter(Boolean);
    expect(new Set(blockIds).size).toBe(blockIds.length);
    const card = renderAdaptiveCard(reply);
    expect(card.version).toBe('1.5');
    expect(utf16Bytes(card)).toBeLessThan(100_000);
    expect(typeof card.fallbackText).toBe('string');
  });

  it('full text of the longest unit is split into sections of at most 3000 characters', async () => {
    const longest = [...bot.corpus.units].sort((a, b) => b.text.length - a.text.length)[0];
    const reply = bot.unitReply(longest.id, 'zh');
    const slack = renderBlockKit(reply, { full: true });
    const sections = slack.blocks.filter((b) => b.type === 'section') as { text: { text: string } }[];
    for (const s of sections) expect(s.text.text.length).toBeLessThanOrEqual(3000);
    const shown = sections.map((s) => s.text.text).join('').replace(/[\u200b*]/gu, '');
    expect(shown).toContain(longest.text.slice(-20));
  });
});

describe('Block Kit size guard', () => {
  it('cuts the hits that would pass the message budget, counting JSON escapes (a quote is two characters)', async () => {
    const reply = await bot.handleMessage(message('伙伴关系'));
    // 1,405 characters that JSON makes 2,805 (quotes and backslashes are escaped): a guard that counted text lengths
    // alone would let twice too many through.
    const quoted = `伙伴关系 ${'"\\'.repeat(700)}`;
    const hits = Array.from({ length: 10 }, (_, k) => ({ ...reply.hits[0], id: `${reply.hits[0].id}#${k}`, excerpt: quoted, highlights: [] as [number, number][] }));
    const slack = renderBlockKit({ ...reply, hits });
    const size = JSON.stringify(slack.blocks).length;
    const shown = slack.blocks.filter((b) => b.type === 'divider').length;
    expect(size).toBeLessThanOrEqual(12_000);
    expect(shown).toBeGreaterThan(0);
    expect(shown).toBeLessThan(hits.length);
    // Cut where the next hit would not fit, not earlier: one hit's blocks more would pass the budget (12,000 less 1,500 for the footer).
    const one = JSON.stringify(renderBlockKit({ ...reply, hits: hits.slice(0, 1) }).blocks).length - JSON.stringify(renderBlockKit({ ...reply, hits: [] }).blocks).length;
    expect(size + one).toBeGreaterThan(12_000 - 1500);
    expect(slack.blocks.some((b) => b.block_id === 'reply-actions')).toBe(true);
  });
});
