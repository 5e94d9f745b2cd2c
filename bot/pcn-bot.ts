import {
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  CardFactory,
  MessageFactory,
  TeamsActivityHandler,
  TeamsInfo,
  type TurnContext,
} from 'botbuilder';
import { renderWelcomeCard } from '../cards/welcome';
import { isVerb } from '../cards/verbs';
import { AppError } from '../services/errors';
import type { Logger } from '../services/logger';
import type { BotDeps } from './deps';
import { TURN_ERROR_REPLY } from './adapter';
import { helpCommand, UNKNOWN_COMMAND_REPLY } from './handlers/help';
import { quickCheckActions, startQuickCheckCommand } from './handlers/quick-check';
import { exportActions, exportCommand } from './handlers/quick-check-export';
import { resultsActions, resultsCommand } from './handlers/results';
import { settingsActions, settingsCommand } from './handlers/settings';
import { setupActions, setupCommand } from './handlers/setup';
import { statusActions, statusCommand } from './handlers/status';
import type { CardActionHandler, CardActionResult, CommandHandler } from './handlers/types';
import { commandText, generalChannelAddress, readTurn, type TurnInfo } from './turn';

const MAX_COMMAND_LENGTH = 2000;
const MAX_CARD_DATA_BYTES = 32_768;

/**
 * Routes Teams activities to handlers and does nothing else: commands by
 * name, card actions by verb, installation events to the installation
 * service. Every handler error is answered here in plain English.
 */
export class PcnBot extends TeamsActivityHandler {
  private readonly commands: CommandHandler[];
  private readonly actions: Map<string, CardActionHandler>;
  private readonly log: Logger;

  constructor(private readonly deps: BotDeps) {
    super();
    this.log = deps.logger.child({ module: 'bot' });
    this.commands = [
      setupCommand(deps),
      startQuickCheckCommand(deps),
      resultsCommand(deps),
      exportCommand(deps),
      settingsCommand(deps),
      statusCommand(deps),
    ];
    this.commands.unshift(helpCommand(() => this.commands));
    const actions = [
      ...setupActions(deps),
      ...quickCheckActions(deps),
      ...exportActions(deps),
      ...resultsActions(deps),
      ...statusActions(deps),
      ...settingsActions(deps),
    ];
    this.actions = new Map(actions.map((a) => [a.verb, a]));

    this.onTurn(async (context, next) => {
      const turn = readTurn(context.activity);
      if (turn && this.tenantAllowed(turn)) {
        await this.deps.installation.refreshAddress(turn.pcnId, turn.address, turn.user);
        await next();
      } else {
        this.log.warn(
          { type: context.activity.type, hasTenant: !!turn?.tenantId },
          'activity ignored: unknown or disallowed tenant',
        );
      }
    });
    this.onMessage(async (context, next) => {
      await this.routeMessage(context);
      await next();
    });
    this.onInstallationUpdateAdd(async (context, next) => {
      await this.installed(context);
      await next();
    });
    this.onMembersAdded(async (context, next) => {
      const botAdded = context.activity.membersAdded?.some((m) => m.id === context.activity.recipient.id);
      if (botAdded) await this.installed(context);
      await next();
    });
    this.onInstallationUpdateRemove(async (context, next) => {
      await this.removed(context);
      await next();
    });
    this.onMembersRemoved(async (context, next) => {
      const botRemoved = context.activity.membersRemoved?.some((m) => m.id === context.activity.recipient.id);
      if (botRemoved) await this.removed(context);
      await next();
    });
  }

  private tenantAllowed(turn: TurnInfo): boolean {
    const allowed = this.deps.config.allowedTenants;
    return allowed.length === 0 || allowed.includes(turn.tenantId);
  }

  private async routeMessage(context: TurnContext): Promise<void> {
    const turn = readTurn(context.activity)!;
    const value = context.activity.value as unknown;
    if (value && typeof value === 'object') {
      // Action.Submit fallback (older Teams clients): the card's data carries the verb.
      const result = await this.runAction(context, turn, value as Record<string, unknown>);
      await this.answerSubmit(context, result);
      return;
    }
    const text = commandText(context);
    if (text.length > MAX_COMMAND_LENGTH) {
      await context.sendActivity('That message is too long for me. Please keep it short.');
      return;
    }
    const command = this.commands.find((c) => c.matches(text.toLowerCase()));
    if (!command) {
      await context.sendActivity(UNKNOWN_COMMAND_REPLY);
      return;
    }
    try {
      await command.handle(context, turn, text);
    } catch (error) {
      await context.sendActivity(this.userMessageFor(error));
    }
  }

  protected override async onAdaptiveCardInvoke(
    context: TurnContext,
    invokeValue: AdaptiveCardInvokeValue,
  ): Promise<AdaptiveCardInvokeResponse> {
    const turn = readTurn(context.activity)!;
    const action = invokeValue?.action;
    const data = { ...(action?.data ?? {}), verb: action?.verb };
    const result = await this.runAction(context, turn, data);
    return result.kind !== 'message'
      ? { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: result.card }
      : {
          statusCode: 200,
          type: 'application/vnd.microsoft.activity.message',
          value: result.text as unknown as Record<string, unknown>,
        };
  }

  /** Validates the envelope (verb, size), runs the handler, and turns any failure into a plain message. */
  private async runAction(context: TurnContext, turn: TurnInfo, data: Record<string, unknown>): Promise<CardActionResult> {
    const verb = data.verb;
    if (!isVerb(verb) || !this.actions.has(verb)) {
      this.log.warn({ verb: typeof verb === 'string' ? verb.slice(0, 64) : typeof verb }, 'unknown card action');
      return {
        kind: 'message',
        text: "Sorry, I don't recognise that button. The card may be out of date: type **help** to start again.",
      };
    }
    if (JSON.stringify(data).length > MAX_CARD_DATA_BYTES) {
      return { kind: 'message', text: 'That was more than I can take in one go. Please shorten what you typed.' };
    }
    try {
      return await this.actions.get(verb)!.handle(context, turn, data);
    } catch (error) {
      if (error instanceof AppError) return { kind: 'message', text: this.userMessageFor(error) };
      // Anything else (Teams or the store failing underneath) would become an HTTP 500, which Teams shows as
      // its own vague error on the button: answer with the bot's apology instead.
      this.log.error({ err: error, verb }, 'card action failed');
      return { kind: 'message', text: TURN_ERROR_REPLY };
    }
  }

  private async answerSubmit(context: TurnContext, result: CardActionResult): Promise<void> {
    if (result.kind === 'message') {
      await context.sendActivity(result.text);
      return;
    }
    if (result.kind === 'privateCard') {
      const { fallback } = result;
      await context.sendActivity(
        'card' in fallback ? MessageFactory.attachment(CardFactory.adaptiveCard(fallback.card)) : fallback.text,
      );
      return;
    }
    const replyToId = context.activity.replyToId;
    const attachment = CardFactory.adaptiveCard(result.card);
    if (replyToId) {
      await context.updateActivity({ ...MessageFactory.attachment(attachment), id: replyToId });
    } else {
      await context.sendActivity(MessageFactory.attachment(attachment));
    }
  }

  private userMessageFor(error: unknown): string {
    if (error instanceof AppError) {
      this.log.info({ code: error.code }, 'request refused');
      return error.userMessage;
    }
    throw error;
  }

  private async installed(context: TurnContext): Promise<void> {
    const turn = readTurn(context.activity)!;
    if (turn.address.conversationType === 'personal') {
      await this.deps.installation.personalInstalled(turn.address, turn.user);
      return;
    }
    const address = generalChannelAddress(turn);
    if (!turn.team || !address) return; // group chats: nothing to record yet
    const { pcn, shouldWelcome } = await this.deps.installation.teamInstalled({
      tenantId: turn.tenantId,
      teamId: turn.team.teamId,
      aadGroupId: turn.team.aadGroupId,
      teamName: turn.team.name ?? 'your PCN',
      address,
      installer: await this.installerOf(context, turn),
    });
    if (!shouldWelcome) return;
    const practices = await this.deps.store.practices.list(pcn.pcnId);
    const card = renderWelcomeCard({ teamName: pcn.name, configured: practices.length > 0 });
    await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card)));
  }

  /** Teams leaves the name out of install events; ask the roster so the first admin has a proper name. */
  private async installerOf(context: TurnContext, turn: TurnInfo): Promise<TurnInfo['user']> {
    if (context.activity.from?.name) return turn.user;
    try {
      const member = await TeamsInfo.getMember(context, context.activity.from.id);
      return { aadObjectId: turn.user.aadObjectId, name: member.name ?? turn.user.name };
    } catch (error) {
      this.log.warn({ err: error }, "could not look up the installer's name");
      return turn.user;
    }
  }

  private async removed(context: TurnContext): Promise<void> {
    const turn = readTurn(context.activity)!;
    if (turn.team) {
      await this.deps.installation.teamRemoved(turn.tenantId, turn.team.teamId);
    } else if (turn.address.conversationType === 'personal') {
      await this.deps.installation.personalRemoved(turn.tenantId, turn.user);
    }
  }
}
