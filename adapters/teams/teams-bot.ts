import {
  CardFactory,
  TeamsActivityHandler,
  TurnContext,
  type InvokeResponse,
  type MessagingExtensionQuery,
  type MessagingExtensionResponse,
} from 'botbuilder';
import type { SsrBot } from '../../src/bot.js';
import type { Clock } from '../../src/clock.js';
import { describeError } from '../../src/errors.js';
import { toLocale } from '../../src/locale.js';
import type { Reply } from '../../src/reply/reply-model.js';
import type { Store } from '../../src/store/store.js';
import type { Logger } from '../logger.js';
import { renderAdaptiveCard } from '../render/adaptive-card.js';
import { extensionResults, selectedItem } from './message-extension.js';
import { activityInbound, commandPrefix, storedReference, teamsAddress } from './teams-inbound.js';

/**
 * The Teams activity handler: 1:1, group chat and channel messages, card button submits (plain Action.Submit
 * data, arriving as a message with a value), the search message extension, and installation (one welcome per
 * conversation + the conversation reference for digests). Rendering only.
 */
export class SsrTeamsBot extends TeamsActivityHandler {
  constructor(
    private readonly bot: SsrBot,
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {
    super();
    this.onMessage(async (context, next) => {
      // Not awaited: the answer does not wait for the database.
      void this.remember(context);
      const inbound = activityInbound(context.activity);
      const reply = 'value' in inbound ? await this.bot.handleAction(inbound) : await this.bot.handleMessage(inbound);
      await context.sendActivity(cardActivity(reply));
      await next();
    });
    // Teams sends installationUpdate and conversationUpdate (bot added) for one install, in either order and
    // at once: the store lets exactly one of them welcome.
    this.onInstallationUpdateAdd(async (context, next) => {
      await this.remember(context);
      await this.welcome(context);
      await next();
    });
    this.onInstallationUpdateRemove(async (context, next) => {
      await this.bot.forgetWelcome(teamsAddress(context.activity.conversation.id));
      await next();
    });
    this.onMembersAdded(async (context, next) => {
      const botId = context.activity.recipient?.id;
      if ((context.activity.membersAdded ?? []).some((m) => m.id === botId)) {
        await this.remember(context);
        await this.welcome(context);
      }
      await next();
    });
  }

  private async welcome(context: TurnContext): Promise<void> {
    const address = teamsAddress(context.activity.conversation.id);
    const reply = await this.bot.welcome({ address, locale: context.activity.locale, commandPrefix: commandPrefix(context.activity) });
    if (!reply) return;
    try {
      await context.sendActivity(cardActivity(reply));
    } catch (err) {
      await this.bot.forgetWelcome(address);
      throw err;
    }
  }

  /** Invokes must answer in the HTTP response; an error becomes an error invoke response, never a chat message. */
  protected override async onInvokeActivity(context: TurnContext): Promise<InvokeResponse> {
    try {
      return await super.onInvokeActivity(context);
    } catch (err) {
      this.log.error('teams invoke failed', { name: context.activity.name, error: describeError(err) });
      return { status: 500, body: { code: 'INTERNAL', message: this.bot.failed(context.activity.locale).title } };
    }
  }

  protected override async handleTeamsMessagingExtensionQuery(context: TurnContext, query: MessagingExtensionQuery): Promise<MessagingExtensionResponse> {
    const locale = localeOf(context, this.bot);
    const params = query.parameters ?? [];
    const initial = params.some((p) => p.name === 'initialRun');
    const text = String(params.find((p) => p.name === 'searchQuery')?.value ?? params[0]?.value ?? '').trim();
    // Search only: a command typed in the search box (digest on …) must not change anything.
    const reply = initial || !text ? this.bot.groupsOverview(locale) : this.bot.search({ text, locale: context.activity.locale, address: teamsAddress(context.activity.conversation?.id ?? 'extension') });
    return extensionResults(reply, (unitId) => this.bot.unitReply(unitId, reply.locale));
  }

  protected override async handleTeamsMessagingExtensionSelectItem(context: TurnContext, query: unknown): Promise<MessagingExtensionResponse> {
    const q = (query ?? {}) as { ssrUnit?: unknown; locale?: unknown };
    const locale = q.locale === 'en' || q.locale === 'zh' ? q.locale : localeOf(context, this.bot);
    return selectedItem(this.bot.unitReply(typeof q.ssrUnit === 'string' ? q.ssrUnit : '', locale));
  }

  /**
   * Keeps the latest conversation reference for proactive messages (digests). Not awaited: the answer never
   * waits for the database; a reference that cannot be saved now is saved with the next message.
   */
  /** Keeps the conversation reference (and locale) for digests and welcomes; a store failure is logged, never thrown. */
  private async remember(context: TurnContext): Promise<void> {
    try {
      const ref = storedReference(TurnContext.getConversationReference(context.activity));
      await this.store.saveConversation({ address: teamsAddress(context.activity.conversation.id), reference: ref, locale: context.activity.locale, updatedAt: this.clock.now() });
    } catch (err) {
      this.log.warn('teams conversation reference not saved', { error: describeError(err) });
    }
  }

}

export function cardActivity(reply: Reply) {
  return { type: 'message', summary: reply.fallbackText.slice(0, 250), attachments: [CardFactory.adaptiveCard(renderAdaptiveCard(reply))] };
}

function localeOf(context: TurnContext, bot: SsrBot): 'zh' | 'en' {
  return toLocale(context.activity.locale) ?? bot.defaultLocale;
}
