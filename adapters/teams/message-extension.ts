import { CardFactory, type MessagingExtensionAttachment, type MessagingExtensionResponse } from 'botbuilder';
import type { Reply } from '../../src/reply/reply-model.js';
import { renderAdaptiveCard } from '../render/adaptive-card.js';

/**
 * The search message extension ("quick reference in a meeting"): a list of Thumbnail previews (Teams does not
 * preview Adaptive Cards); tapping one sends composeExtension/selectItem, answered with the full card.
 */
export function extensionResults(reply: Reply): MessagingExtensionResponse {
  const attachments: MessagingExtensionAttachment[] = reply.hits.map((h) => ({
    ...CardFactory.adaptiveCard(renderAdaptiveCard({ ...reply, hits: [h], actions: reply.actions.filter((a) => a.hitId === h.id), total: 1 })),
    preview: CardFactory.thumbnailCard(h.label, h.excerpt.length > 120 ? `${h.excerpt.slice(0, 119)}…` : h.excerpt, undefined, undefined, {
      tap: { type: 'invoke', title: h.label, value: { ssrUnit: h.id, locale: reply.locale } },
    }),
  }));
  if (attachments.length === 0) {
    return { composeExtension: { type: 'message', text: reply.message ? `${reply.title}\n${reply.message}` : reply.title } };
  }
  return { composeExtension: { type: 'result', attachmentLayout: 'list', attachments } };
}

export function selectedItem(reply: Reply): MessagingExtensionResponse {
  return { composeExtension: { type: 'result', attachmentLayout: 'list', attachments: [CardFactory.adaptiveCard(renderAdaptiveCard(reply, { full: true }))] } };
}
