import type { HomeView, KnownBlock } from '@slack/types';
import type { Reply } from '../../src/reply/reply-model.js';
import { renderBlockKit, type Block } from '../render/block-kit.js';

/** App Home: what the bot is, the commands, the table of contents, and this workspace's digest settings. */
export function homeView(help: Reply, toc: Reply, digests?: Reply): HomeView {
  const blocks: Block[] = [
    { type: 'header', text: { type: 'plain_text', text: help.title.slice(0, 150), emoji: true } },
    ...renderBlockKit(help).blocks.slice(1),
    { type: 'divider' },
    ...renderBlockKit(toc).blocks,
  ];
  if (digests) blocks.push({ type: 'divider' }, ...renderBlockKit(digests).blocks);
  // Home tabs allow 100 blocks.
  // The renderer builds Block Kit as plain objects; Slack validates it.
  return { type: 'home', blocks: blocks.slice(0, 100) as unknown as KnownBlock[] };
}
