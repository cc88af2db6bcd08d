import { CardFactory, type MessagingExtensionAttachment, type MessagingExtensionResponse } from 'botbuilder';
import type { Reply } from '../../src/reply/reply-model.js';
import { renderAdaptiveCard } from '../render/adaptive-card.js';

/**
 * The search message extension ("quick reference in a meeting"). Each result carries the card that gets inserted
 * (the unit in full) and a Thumbnail preview for the list (Teams does not preview Adaptive Cards). The preview has
 * no `tap`: clients without tap support (Agents Playground answers "Unable to reach app") insert the attachment
 * itself. `selectItem` is still answered for older clients or cards that send it.
 */
export function extensionResults(reply: Reply, unitReply: (unitId: string) => Reply): MessagingExtensionResponse {
  const attachments: MessagingExtensionAttachment[] = reply.hits.map((h) => ({
    ...CardFactory.adaptiveCard(insertableCard(unitReply(h.id))),
    preview: CardFactory.thumbnailCard(h.label, h.excerpt.length > 120 ? `${h.excerpt.slice(0, 119)}…` : h.excerpt),
  }));
  if (attachments.length === 0) {
    return { composeExtension: { type: 'message', text: reply.message ? `${reply.title}\n${reply.message}` : reply.title } };
  }
  return { composeExtension: { type: 'result', attachmentLayout: 'list', attachments } };
}

export function selectedItem(reply: Reply): MessagingExtensionResponse {
  return { composeExtension: { type: 'result', attachmentLayout: 'list', attachments: [CardFactory.adaptiveCard(insertableCard(reply))] } };
}

/** The card a user inserts into a meeting chat: the unit in full, without buttons (feedback belongs to the bot's answers). */
function insertableCard(reply: Reply) {
  return renderAdaptiveCard({ ...reply, actions: [] }, { full: true });
}
