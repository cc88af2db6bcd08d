import type { Reply, ReplyAction, ReplyHit } from '../../src/reply/reply-model.js';
import { markRanges } from './text-chunks.js';

/**
 * Reply model → Adaptive Card (schema 1.5, what Teams renders). The local page renders this very JSON with the
 * official `adaptivecards` renderer. Document text is escaped for Teams markdown: "12. " at a line start must
 * not become a list, and * _ [ ] are literal. Buttons are plain Action.Submit (README, Microsoft Teams: why).
 */
export type Card = Record<string, unknown>;
export const CARD_SCHEMA = 'http://adaptivecards.io/schemas/adaptive-card.json';
/** Teams measures bot messages as UTF-16; stay well under its ~100 KB (Chinese counts double). */
export const TEAMS_MAX_CARD_BYTES = 80_000;

/**
 * The key in Action.Submit data that carries the core's opaque action value. The data is this one key and nothing
 * else: an `msteams` messageBack block breaks the button in clients that do not extend the data object (Agents
 * Playground throws "Cannot add property msTeams, object is not extensible" and sends nothing).
 */
export const SUBMIT_KEY = 'ssrAction';

export function escapeTeamsMarkdown(s: string): string {
  return s
    .replace(/([\\*_[\]`~|<>])/gu, '\\$1')
    .replace(/^(\s*)(\d+)\.(\s)/gmu, '$1$2\\.$3')
    .replace(/^(\s*)([-+#>])/gmu, '$1\\$2');
}

function emphasised(text: string, ranges: [number, number][]): string {
  return markRanges(text, ranges, escapeTeamsMarkdown, '**', '**');
}

function textBlock(text: string, extra: Record<string, unknown> = {}): Card {
  return { type: 'TextBlock', text, wrap: true, ...extra };
}

function submit(a: ReplyAction): Card {
  return { type: 'Action.Submit', title: a.label, data: { [SUBMIT_KEY]: a.value }, ...(a.style === 'primary' ? { style: 'positive' } : {}) };
}

function hitContainer(reply: Reply, hit: ReplyHit, full: boolean): Card[] {
  // A hit the title already names ("13(d)": title and first hit are both "Recommendation 13(d)") is not headed again.
  const items: Card[] = hit.label === reply.title ? [] : [textBlock(escapeTeamsMarkdown(hit.label), { weight: 'Bolder', spacing: 'Medium', separator: true })];
  if (hit.path.length) items.push(textBlock(escapeTeamsMarkdown(hit.path.join(' › ')), { isSubtle: true, size: 'Small', spacing: 'None' }));
  items.push(textBlock(full ? emphasised(hit.text, hit.textHighlights) : emphasised(hit.excerpt, hit.highlights)));
  if (hit.matchedTerms.length) items.push(textBlock(escapeTeamsMarkdown(`${reply.labels.matchedTerms}: ${hit.matchedTerms.join(', ')}`), { isSubtle: true, size: 'Small' }));
  if (hit.unofficial) items.push(textBlock(escapeTeamsMarkdown(reply.labels.unofficialTranslation), { isSubtle: true, size: 'Small', spacing: 'None' }));
  const actions: Card[] = [];
  for (const a of reply.actions.filter((x) => x.hitId === hit.id)) {
    if (a.kind === 'full') {
      // The whole unit travels in the card: Full text opens in place, offline and without a round trip.
      actions.push({ type: 'Action.ShowCard', title: a.label, card: { type: 'AdaptiveCard', body: [textBlock(emphasised(hit.text, hit.textHighlights))] } });
    } else if (a.kind === 'original' && hit.original) {
      // The original travels in the card too, with its own section path.
      const path = hit.original.path.length ? [textBlock(escapeTeamsMarkdown(hit.original.path.join(' › ')), { isSubtle: true, size: 'Small' })] : [];
      actions.push({ type: 'Action.ShowCard', title: a.label, card: { type: 'AdaptiveCard', body: [...path, textBlock(escapeTeamsMarkdown(hit.original.text))] } });
    } else if (a.kind === 'feedback') {
      actions.push(submit(a));
    }
  }
  if (actions.length) items.push({ type: 'ActionSet', actions });
  return [{ type: 'Container', items }];
}

/** `suggestions: false`: the host shows the suggestions itself (the local page, as buttons that ask them). */
export function renderAdaptiveCard(reply: Reply, options: { full?: boolean; suggestions?: boolean } = {}): Card {
  const body: Card[] = [textBlock(escapeTeamsMarkdown(reply.title), { weight: 'Bolder', size: 'Medium' })];
  // The question once: answer titles already quote it.
  if (reply.query && reply.kind === 'answer' && !reply.title.includes(reply.query)) body.push(textBlock(escapeTeamsMarkdown(`${reply.labels.question}: ${reply.query}`), { isSubtle: true, spacing: 'None' }));
  if (reply.message && reply.message !== reply.title) body.push(textBlock(escapeTeamsMarkdown(reply.message)));
  for (const s of reply.sections ?? []) {
    if (s.title !== reply.title) body.push(textBlock(escapeTeamsMarkdown(s.title), { weight: 'Bolder', spacing: 'Medium' }));
    body.push(textBlock(s.lines.map((l) => `- ${escapeTeamsMarkdown(l)}`).join('\n')));
  }
  const full = options.full === true || (reply.kind === 'reference' && reply.hits.length === 1);
  for (const h of reply.hits) body.push(...hitContainer(reply, h, full));
  if (options.suggestions !== false && reply.suggestions.length && reply.hits.length === 0) {
    body.push(textBlock(escapeTeamsMarkdown(reply.suggestions.join(' · ')), { isSubtle: true }));
  }
  const actions = reply.actions.filter((a) => !a.hitId && a.kind === 'more').map(submit);
  let card: Card = { type: 'AdaptiveCard', $schema: CARD_SCHEMA, version: '1.5', body, ...(actions.length ? { actions } : {}), fallbackText: reply.fallbackText, lang: reply.locale === 'zh' ? 'zh-CN' : 'en' };
  if (utf16Bytes(card) > TEAMS_MAX_CARD_BYTES) {
    // Too large for Teams: drop the in-card full texts (the excerpt and references stay).
    card = JSON.parse(JSON.stringify(card, (k, v) => (k === 'actions' && Array.isArray(v) ? v.filter((a: Card) => a.type !== 'Action.ShowCard') : v)));
  }
  return card;
}

export function utf16Bytes(value: unknown): number {
  return JSON.stringify(value).length * 2;
}
