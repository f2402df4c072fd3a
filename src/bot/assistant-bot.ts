import {
  ActionTypes,
  ActivityTypes,
  CardFactory,
  MessageFactory,
  TeamsActivityHandler,
  TeamsInfo,
  TurnContext,
  type Activity,
  type InvokeResponse,
  type MessagingExtensionQuery,
  type MessagingExtensionResponse,
} from 'botbuilder';
import type { Card } from '../cards/render-card.js';
import { describeError, isAppError } from '../errors.js';
import type { Logger } from '../logger.js';
import { parseComposeQuery } from './compose-extension.js';
import { WELCOME_SUGGESTIONS } from './prompt-starters.js';
import { registerManager, replyToAction, replyToSearch, replyToText, unregisterManager, welcome, type Actor, type ReplyServices, type TextReply } from './replies.js';
import { DEFAULT_TYPING, whileTyping, type TypingOptions } from './typing.js';

export interface BotServices extends ReplyServices {
  /** When "typing..." is shown before a reply to a message; by default only when the reply is slow. */
  readonly typing?: TypingOptions;
}

/**
 * Turns Teams activities into calls to the reply functions and their cards
 * into activities. Logs carry activity types and outcomes, never text.
 */
export class AssistantBot extends TeamsActivityHandler {
  constructor(
    private readonly services: BotServices,
    private readonly logger: Logger,
  ) {
    super();

    this.onMembersAdded(async (context, next) => {
      const botId = context.activity.recipient?.id;
      const botAdded = (context.activity.membersAdded ?? []).some((m) => m.id === botId);
      const scope = context.activity.conversation?.conversationType ?? 'personal';
      if (botAdded && scope === 'personal') await this.rememberManager(context);
      if (botAdded && scope === 'channel') await this.rememberTeam(context);
      if (botAdded && scope !== 'channel') await context.sendActivity(welcomeMessage(welcome(this.services), scope === 'personal'));
      await next();
    });

    // Uninstall arrives as installationUpdate "remove" and, from some clients, as a conversationUpdate
    // removing the bot. Either way the manager can no longer be reached; reinstalling restores them.
    this.onInstallationUpdateRemove(async (context, next) => {
      if ((context.activity.conversation?.conversationType ?? 'personal') === 'personal') {
        await this.forgetConversation(context);
      }
      await next();
    });

    this.onMembersRemoved(async (context, next) => {
      const botId = context.activity.recipient?.id;
      const botRemoved = (context.activity.membersRemoved ?? []).some((m) => m.id === botId);
      if (botRemoved && (context.activity.conversation?.conversationType ?? 'personal') === 'personal') await this.forgetConversation(context);
      await next();
    });

    this.onMessage(async (context, next) => {
      if (context.activity.value !== undefined && !context.activity.text) await this.onSubmit(context);
      else await this.onText(context);
      await next();
    });
  }

  /** Stores the conversation reference and links the Teams user to the roster by email. */
  private async rememberManager(context: TurnContext): Promise<void> {
    const from = context.activity.from;
    try {
      const member = await TeamsInfo.getMember(context, from.id);
      const email = member.email || member.userPrincipalName;
      if (!email) throw new Error('no email or UPN for the user');
      // Without the install activity's id, later messages start new posts instead of replying to it.
      const reference = withoutActivityId(TurnContext.getConversationReference(context.activity));
      await registerManager(this.services, { email, aadObjectId: member.aadObjectId ?? from.aadObjectId, reference });
      this.logger.info({ event: 'manager-registered' }, 'manager conversation stored');
    } catch (err) {
      // Without the address the manager cannot be matched to the roster; say so in the log, carry on.
      this.logger.warn({ event: 'manager-not-registered', reason: (err as Error).message }, 'could not store manager conversation');
    }
  }

  /** Added to a team: its channel may become HR's (HR_TEAM_ID, or chosen in the admin tab). */
  private async rememberTeam(context: TurnContext): Promise<void> {
    const team = (context.activity.channelData as { team?: { id?: string; name?: string } } | undefined)?.team;
    if (!team?.id || !this.services.hr) return;
    const reference = withoutActivityId(TurnContext.getConversationReference(context.activity));
    // A channel's conversation id carries ";messageid=" for replies; posts go to the channel itself.
    const channelReference = { ...reference, conversation: { ...reference.conversation!, id: reference.conversation!.id.split(';')[0]! } };
    await this.services.hr.store.tickets.saveTeamChannel({ teamId: team.id, teamName: team.name ?? 'Team', reference: channelReference }, this.services.clock.now());
    this.logger.info({ event: 'team-added' }, 'added to a team');
  }

  private async forgetConversation(context: TurnContext): Promise<void> {
    const forgotten = await unregisterManager(this.services, context.activity.from?.aadObjectId);
    this.logger.info({ event: 'manager-uninstalled', known: forgotten }, 'manager uninstalled the assistant');
  }

  private async onText(context: TurnContext): Promise<void> {
    const activity = context.activity;
    const personal = (activity.conversation?.conversationType ?? 'personal') === 'personal';
    // In channels and group chats the bot speaks only when @mentioned.
    if (!personal && !isMentioned(activity)) return;
    const text = TurnContext.removeRecipientMention(activity) ?? activity.text ?? '';
    this.logger.debug({ event: 'question', length: text.length, scope: personal ? 'personal' : 'shared' }, 'question received');
    const reply = await whileTyping(
      () => replyToText(this.services, stripTags(text), actorOf(activity)),
      () => context.sendActivity({ type: ActivityTypes.Typing }),
      this.services.typing ?? DEFAULT_TYPING,
      (err) => this.logger.warn({ event: 'typing-not-sent', reason: (err as Error).message }, 'typing indicator not sent'),
    );
    await this.sendCards(context, reply);
  }

  /** A crisis card comes first and alone in its message; what else the message asked follows it. */
  private async sendCards(context: TurnContext, reply: TextReply): Promise<void> {
    for (const card of isCardList(reply) ? reply : [reply]) await context.sendActivity(cardMessage(card));
  }

  /** Action.Submit from older clients arrives as a message carrying the card's data. */
  private async onSubmit(context: TurnContext): Promise<void> {
    const result = await this.runAction(context.activity.value, actorOf(context.activity));
    if (!result.ok) {
      await context.sendActivity(MessageFactory.text('Sorry, that button could not be used. Please ask your question again.'));
      return;
    }
    const reply = cardMessage(result.card);
    if (context.activity.replyToId) await context.updateActivity({ ...reply, id: context.activity.replyToId });
    else await context.sendActivity(reply);
    if (result.followUp) await this.sendCards(context, result.followUp);
  }

  protected override async onInvokeActivity(context: TurnContext): Promise<InvokeResponse> {
    if (context.activity.name !== 'adaptiveCard/action') return super.onInvokeActivity(context);
    const value = context.activity.value as { action?: { type?: unknown; data?: unknown } } | undefined;
    const result =
      value?.action?.type === 'Action.Execute'
        ? await this.runAction(value.action.data, actorOf(context.activity))
        : refused('not an Action.Execute');
    if (result.ok && result.followUp) await this.sendCards(context, result.followUp);
    if (!result.ok) {
      return { status: 400, body: { statusCode: 400, type: 'application/vnd.microsoft.error', value: { code: 'BadRequest', message: result.message } } };
    }
    return { status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: result.card } };
  }

  /** The search message extension: guidance to insert into any chat. */
  protected override async handleTeamsMessagingExtensionQuery(_context: TurnContext, query: MessagingExtensionQuery): Promise<MessagingExtensionResponse> {
    let parsed;
    try {
      parsed = parseComposeQuery(query);
    } catch (err) {
      if (!isAppError(err) || err.code !== 'VALIDATION') throw err;
      this.logger.warn({ event: 'compose-query-refused', reason: err.message }, 'message extension query refused');
      // TeamsActivityHandler answers this error with 400.
      throw new Error('BadRequest');
    }
    const reply = replyToSearch(this.services, parsed);
    this.logger.debug({ event: 'compose-query', length: parsed.text.length, kind: reply.kind }, 'message extension query answered');
    if (reply.kind === 'message') return { composeExtension: { type: 'message', text: reply.text } };
    return {
      composeExtension: {
        type: 'result',
        attachmentLayout: 'list',
        attachments: reply.results.map(({ preview, card }) => ({
          ...CardFactory.adaptiveCard(card),
          preview: CardFactory.thumbnailCard(preview.title, preview.text, [], [], { subtitle: preview.subtitle }),
        })),
      },
    };
  }

  private async runAction(data: unknown, actor: Actor): Promise<{ ok: true; card: Card; followUp?: TextReply } | { ok: false; message: string }> {
    try {
      const { verb, ...reply } = await replyToAction(this.services, data, actor);
      this.logger.info({ event: 'card-action', verb }, 'card action handled');
      return { ok: true, ...reply };
    } catch (err) {
      if (!isAppError(err) || !['VALIDATION', 'NOT_FOUND', 'FORBIDDEN'].includes(err.code)) throw err;
      this.logger.warn({ event: 'card-action-refused', reason: err.message }, 'card action refused');
      return refused(describeError(err));
    }
  }
}

/**
 * Who wrote or pressed, as Teams reports it. In personal chat the conversation is where reminders and
 * HR's answers go ("start reminders" after "forget me" stores it again; Ask HR sends the reply there).
 */
function actorOf(activity: Activity): Actor {
  const personal = (activity.conversation?.conversationType ?? 'personal') === 'personal';
  return {
    aadObjectId: activity.from?.aadObjectId,
    name: activity.from?.name,
    userId: activity.from?.id,
    teamId: (activity.channelData as { team?: { id?: string } } | undefined)?.team?.id,
    reference: personal ? withoutActivityId(TurnContext.getConversationReference(activity)) : undefined,
  };
}

/** Without the activity's id, later messages start new posts instead of replying to it. */
function withoutActivityId<T extends { activityId?: string }>(reference: T): Omit<T, 'activityId'> {
  const { activityId: _activity, ...rest } = reference;
  return rest;
}

function refused(message: string): { ok: false; message: string } {
  return { ok: false, message };
}

function cardMessage(card: Card): Partial<Activity> {
  return MessageFactory.attachment(CardFactory.adaptiveCard(card));
}

/** The welcome card; in personal chat with the starter questions as suggested replies under it (imBack: tapping one sends it). */
function welcomeMessage(card: Card, personal: boolean): Partial<Activity> {
  const message = cardMessage(card);
  if (!personal) return message;
  return { ...message, suggestedActions: { to: [], actions: WELCOME_SUGGESTIONS.map((s) => ({ type: ActionTypes.ImBack, title: s.title, value: s.prompt })) } };
}

function isMentioned(activity: Activity): boolean {
  const botId = activity.recipient?.id;
  return (activity.entities ?? []).some((e) => e.type === 'mention' && (e as { mentioned?: { id?: string } }).mentioned?.id === botId);
}

/** Teams may wrap text in HTML (e.g. <at> tags left after mention removal). */
function stripTags(text: string): string {
  return text.replace(/<[^>]*>/g, ' ').replace(/&nbsp;/g, ' ').replace(/\s+/g, ' ').trim();
}

function isCardList(reply: TextReply): reply is readonly [Card, ...Card[]] {
  return Array.isArray(reply);
}
