import { TeamsActivityHandler, type TurnContext } from 'botbuilder';
import type { Logger } from '../logger.js';

/** What the bot needs from the rest of the service; grows as features land. */
export interface BotServices {
  readonly welcomeText: () => string;
}

export class AssistantBot extends TeamsActivityHandler {
  constructor(
    private readonly services: BotServices,
    private readonly logger: Logger,
  ) {
    super();

    this.onMembersAdded(async (context, next) => {
      const botId = context.activity.recipient?.id;
      const botAdded = (context.activity.membersAdded ?? []).some((m) => m.id === botId);
      if (botAdded && context.activity.conversation?.conversationType !== 'channel') {
        await context.sendActivity(this.services.welcomeText());
      }
      await next();
    });

    this.onMessage(async (context, next) => {
      // Only sizes and types are logged: message text is the manager's words and stays out of the logs.
      this.logger.debug({ type: 'message', length: context.activity.text?.length ?? 0 }, 'message received');
      await context.sendActivity(placeholderReply(context));
      await next();
    });
  }
}

function placeholderReply(_context: TurnContext): string {
  return 'Thanks for your message. Question answering is being set up; for now, please contact your HR team.';
}
