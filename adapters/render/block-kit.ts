import type { Reply, ReplyAction, ReplyHit } from '../../src/reply/reply-model.js';
import { chunkText, markRanges } from './text-chunks.js';

/**
 * Reply model → Slack Block Kit. Limits (Slack's Block Kit reference): 50 blocks, 3000 characters per text, ~12k characters
 * in all, button values ≤ 2000, unique action ids. Every user or corpus string is escaped for mrkdwn, so no
 * answer can ping @channel or a user or inject a link.
 */
export type Block = Record<string, unknown>;
export interface SlackMessage {
  text: string;
  blocks: Block[];
}

export const SLACK_LIMITS = { blocks: 50, text: 3000, total: 12_000, buttonValue: 2000, buttonText: 75, header: 150 } as const;
export const ACTION_PREFIX = 'ssr';
export const SHARE_ACTION_ID = `${ACTION_PREFIX}:share:reply`;

/** mrkdwn escaping: exactly &, < and > (Slack's rule); this neutralises <!channel>, <@U…> and <url|label>. */
export function escapeMrkdwn(s: string): string {
  return s.replace(/&/gu, '&amp;').replace(/</gu, '&lt;').replace(/>/gu, '&gt;');
}

/** Bold inside Chinese text needs a boundary Slack recognises: zero-width spaces around the asterisks. */
function bold(text: string, ranges: [number, number][]): string {
  // Asterisks and underscores inside corpus text would open formatting: replace them with look-alikes.
  const esc = (s: string) => escapeMrkdwn(s).replace(/\*/gu, '∗').replace(/_/gu, '＿').replace(/~/gu, '∼').replace(/`/gu, 'ˋ');
  return markRanges(text, ranges, esc, '\u200b*', '*\u200b');
}

function plain(text: string, max: number = SLACK_LIMITS.text): { type: 'plain_text'; text: string; emoji: boolean } {
  const t = text.length ? text : ' ';
  return { type: 'plain_text', text: t.length > max ? `${t.slice(0, max - 1)}…` : t, emoji: true };
}

function mrkdwnSection(text: string, blockId?: string): Block {
  return { type: 'section', ...(blockId ? { block_id: blockId } : {}), text: { type: 'mrkdwn', text: text.slice(0, SLACK_LIMITS.text) || ' ' } };
}

function button(a: ReplyAction, actionId: string): Block | undefined {
  if (a.value.length > SLACK_LIMITS.buttonValue) return undefined;
  return { type: 'button', action_id: actionId, text: plain(a.label, SLACK_LIMITS.buttonText), value: a.value, ...(a.style ? { style: a.style } : {}) };
}

function hitBlocks(reply: Reply, hit: ReplyHit, i: number, full: boolean): Block[] {
  const head = `*${escapeMrkdwn(hit.label)}*${hit.path.length ? `  ·  ${escapeMrkdwn(hit.path.join(' › '))}` : ''}`;
  const body = full ? hit.text : hit.excerpt;
  const ranges = full ? hit.textHighlights : hit.highlights;
  const blocks: Block[] = [];
  // Long units (full text) are split at sentence ends into several sections; highlights are kept per piece.
  let offset = 0;
  chunkText(body, SLACK_LIMITS.text - 400).forEach((piece, k) => {
    const local = ranges.filter(([s, e]) => s >= offset && e <= offset + piece.length).map(([s, e]) => [s - offset, e - offset] as [number, number]);
    blocks.push(mrkdwnSection(`${k === 0 ? `${head}\n` : ''}${bold(piece, local)}`, `hit-${i}-${k}`));
    offset += piece.length;
  });
  if (hit.matchedTerms.length) {
    blocks.push({ type: 'context', block_id: `hit-${i}-terms`, elements: [{ type: 'mrkdwn', text: `${escapeMrkdwn(reply.labels.matchedTerms)}: ${escapeMrkdwn(hit.matchedTerms.join(', '))}` }] });
  }
  if (hit.unofficial) {
    blocks.push({ type: 'context', block_id: `hit-${i}-unofficial`, elements: [{ type: 'mrkdwn', text: escapeMrkdwn(reply.labels.unofficialTranslation) }] });
  }
  const buttons = reply.actions
    .filter((a) => a.hitId === hit.id)
    .map((a, k) => button(a, `${ACTION_PREFIX}:${a.kind}:${i}:${k}`))
    .filter((b): b is Block => b !== undefined);
  if (buttons.length) blocks.push({ type: 'actions', block_id: `hit-${i}-actions`, elements: buttons });
  return blocks;
}

export function renderBlockKit(reply: Reply, options: { full?: boolean; shareable?: boolean } = {}): SlackMessage {
  const blocks: Block[] = [];
  blocks.push(mrkdwnSection(`*${escapeMrkdwn(reply.title)}*`, 'title'));
  if (reply.query && reply.kind === 'answer') {
    blocks.push({ type: 'context', block_id: 'question', elements: [{ type: 'mrkdwn', text: `${escapeMrkdwn(reply.labels.question)}: ${escapeMrkdwn(reply.query)}` }] });
  }
  if (reply.message && reply.message !== reply.title) blocks.push(mrkdwnSection(escapeMrkdwn(reply.message), 'message'));
  for (const [k, s] of (reply.sections ?? []).entries()) {
    const lines = s.lines.map((l) => `•  ${escapeMrkdwn(l)}`).join('\n');
    blocks.push(mrkdwnSection(`*${escapeMrkdwn(s.title)}*\n${lines}`, `section-${k}`));
  }
  // Hits in rank order while they fit, leaving room for the footer. Each hit's blocks are built and measured once
  // (a running total; stringifying every piece is cheaper than walking it in JS), and only while the last fitted.
  const full = options.full === true || (reply.hits.length === 1 && reply.kind === 'reference');
  let used = JSON.stringify(blocks).length;
  for (const [i, hit] of reply.hits.entries()) {
    const set: Block[] = [{ type: 'divider' }, ...hitBlocks(reply, hit, i, full)];
    const cost = JSON.stringify(set).length - 1; // what appending adds: the set's brackets out, one comma in
    if (blocks.length + set.length + 1 > SLACK_LIMITS.blocks || used + cost > SLACK_LIMITS.total - 1500) break;
    blocks.push(...set);
    used += cost;
  }
  // Share in channel: this adapter's own button on the core's "this page again" value.
  const share: ReplyAction[] = reply.again && options.shareable !== false ? [{ kind: 'more', label: reply.labels.share, value: reply.again }] : [];
  const footer = [...reply.actions.filter((a) => !a.hitId).map((a, k) => button(a, `${ACTION_PREFIX}:${a.kind}:reply:${k}`)), ...share.map((a) => button(a, SHARE_ACTION_ID))]
    .filter((b): b is Block => b !== undefined);
  if (footer.length) blocks.push({ type: 'actions', block_id: 'reply-actions', elements: footer });
  if (reply.suggestions.length && reply.hits.length === 0) {
    blocks.push({ type: 'context', block_id: 'suggestions', elements: [{ type: 'mrkdwn', text: escapeMrkdwn(reply.suggestions.join(' · ')) }] });
  }
  // The top-level text is the notification and screen-reader text; Slack requires it non-empty.
  const text = escapeMrkdwn(reply.fallbackText || reply.title || ' ').slice(0, SLACK_LIMITS.text);
  return { text, blocks: blocks.slice(0, SLACK_LIMITS.blocks) };
}
