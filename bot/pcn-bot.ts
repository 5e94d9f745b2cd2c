import {
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  CardFactory,
  INVOKE_RESPONSE_KEY,
  type InvokeResponse,
  MessageFactory,
  TeamsActivityHandler,
  TeamsInfo,
  type TurnContext,
} from 'botbuilder';
import { renderWelcomeCard } from '../cards/welcome';
import { AppError, appErrorLogFields } from '../services/errors';
import type { Logger } from '../services/logger';
import type { TurnKind, TurnOutcome } from '../services/telemetry';
import type { BotDeps } from './deps';
import { FeatureRouter } from './features/router';
import { featureTable, withHelp } from './features/table';
import type { CardActionResult, CommandSpec, Feature } from './features/types';
import { UNKNOWN_COMMAND_REPLY } from './handlers/help';
import { QueuedReplies } from './queued-replies';
import { countReplies, type ReplyBudget } from './reply-budget';
import { commandText, generalChannelAddress, readTurn, type TurnInfo } from './turn';
import { turnLogFields, TURN_ERROR_REPLY } from './turn-errors';

const MAX_COMMAND_LENGTH = 2000;
const MAX_CARD_DATA_BYTES = 32_768;

/** Activity types telemetry names as they are; anything else is 'other', so a caller cannot invent metric names. */
const EVENT_NAMES = new Set([
  'conversationUpdate',
  'installationUpdate',
  'invoke',
  'messageReaction',
  'messageUpdate',
  'messageDelete',
  'event',
  'typing',
]);

const UNKNOWN_BUTTON = "Sorry, I don't recognise that button. The card may be out of date: type **help** to start again.";

/**
 * Routes Teams activities and does nothing else: commands by name and card
 * actions by verb through the feature table (which checks scope and who
 * may), installation events to the installation service. The whole turn,
 * from refreshing the stored address on, is inside one error boundary: a
 * person always gets the bot's own words, and an invoke a proper answer.
 */
export class PcnBot extends TeamsActivityHandler {
  readonly router: FeatureRouter;
  private readonly log: Logger;
  private readonly replyBudget: ReplyBudget;

  constructor(
    private readonly deps: BotDeps,
    features: readonly Feature[] = featureTable(deps),
  ) {
    super();
    this.log = deps.logger.child({ module: 'bot' });
    const queued = new QueuedReplies(deps.outbox, deps.dispatcher);
    this.replyBudget = {
      replySlot: () => deps.dispatcher.replySlot(),
      repliesBacklogged: () => deps.dispatcher.repliesBacklogged(),
      queue: (context, activities) => queued.queue(context, activities),
    };
    // Help runs commands from its buttons through the router's own check (the router exists by the time a button is pressed).
    const help = { access: deps.access, decide: (spec: CommandSpec, turn: TurnInfo) => this.router.decide(spec, turn) };
    this.router = new FeatureRouter(withHelp(features, help), deps.access);

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

  /**
   * The one error boundary for a turn: whatever fails, the person hears from
   * the bot, and Teams never sees a 500. Each turn's latency and outcome go
   * to telemetry under the command's name or the card action's verb.
   */
  override async run(context: TurnContext): Promise<void> {
    const started = process.hrtime.bigint();
    let outcome: TurnOutcome = 'ok';
    countReplies(context, this.replyBudget);
    try {
      await super.run(context);
    } catch (error) {
      outcome = error instanceof AppError ? 'refused' : 'failed';
      await this.turnFailed(context, error);
    } finally {
      const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
      this.deps.telemetry.turn({ ...this.turnName(context), durationMs, outcome });
    }
  }

  /** What telemetry calls this turn: names from the bot's own table only, never what was typed. */
  private turnName(context: TurnContext): { kind: TurnKind; name: string } {
    const activity = context.activity;
    const known = (verb: unknown) => (typeof verb === 'string' && this.router.action(verb) ? verb : 'unknown');
    if (activity.type === 'invoke' && activity.name === 'adaptiveCard/action') {
      return { kind: 'cardAction', name: known((activity.value as { action?: { verb?: unknown } } | undefined)?.action?.verb) };
    }
    if (activity.type === 'message') {
      const value = activity.value as { verb?: unknown } | undefined;
      if (value && typeof value === 'object') return { kind: 'cardAction', name: known(value.verb) };
      const command = this.router.command(commandText(context));
      return command ? { kind: 'command', name: command.name } : { kind: 'question', name: 'question' };
    }
    return { kind: 'event', name: EVENT_NAMES.has(activity.type) ? activity.type : 'other' };
  }

  /** An adaptiveCard/action without an Action.Execute in it is a bad request (400), whoever sent it. */
  protected override async onInvokeActivity(context: TurnContext): Promise<InvokeResponse> {
    const value = context.activity.value as { action?: { type?: unknown } } | undefined;
    if (context.activity.name === 'adaptiveCard/action' && value?.action?.type !== 'Action.Execute') {
      this.log.warn(turnLogFields(context), 'card action invoke without an Action.Execute');
      return {
        status: 400,
        body: {
          statusCode: 400,
          type: 'application/vnd.microsoft.error',
          value: { code: 'BadRequest', message: 'The card action is missing or is not an Action.Execute.' },
        },
      };
    }
    return super.onInvokeActivity(context);
  }

  private async turnFailed(context: TurnContext, error: unknown): Promise<void> {
    const known = error instanceof AppError;
    const fields = turnLogFields(context);
    if (known) this.log.warn({ ...fields, ...appErrorLogFields(error) }, 'turn refused');
    else {
      this.log.error({ ...fields, err: error }, 'turn failed');
      this.deps.telemetry.exception(error, 'turn');
    }
    const text = known ? error.userMessage : TURN_ERROR_REPLY;
    try {
      if (context.activity.type === 'invoke') {
        // The invoke's answer may not have gone yet: give Teams one it can show on the card.
        if (!context.turnState.get(INVOKE_RESPONSE_KEY))
          await context.sendActivity({ type: 'invokeResponse', value: invokeMessage(text) });
      } else {
        await context.sendActivity(text);
      }
    } catch (sendError) {
      this.log.warn({ ...fields, err: sendError }, 'could not send the apology');
    }
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
    const command = this.router.command(text);
    if (!command) {
      if (!(await this.router.answerFreeText(context, turn, text))) await context.sendActivity(UNKNOWN_COMMAND_REPLY);
      return;
    }
    const decision = await this.router.decide(command, turn);
    if (!decision.ok) {
      await context.sendActivity(decision.message);
      return;
    }
    await command.handle(context, turn, text);
  }

  protected override async onAdaptiveCardInvoke(
    context: TurnContext,
    invokeValue: AdaptiveCardInvokeValue,
  ): Promise<AdaptiveCardInvokeResponse> {
    const turn = readTurn(context.activity)!;
    const action = invokeValue.action;
    const data = { ...(action.data ?? {}), verb: action.verb };
    const result = await this.runAction(context, turn, data);
    return result.kind !== 'message'
      ? { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: result.card }
      : messageAnswer(result.text);
  }

  /** Validates the envelope (verb, size, who may), runs the handler, and turns a refusal into a plain message. */
  private async runAction(context: TurnContext, turn: TurnInfo, data: Record<string, unknown>): Promise<CardActionResult> {
    const verb = data.verb;
    const action = typeof verb === 'string' ? this.router.action(verb) : undefined;
    if (!action) {
      this.log.warn(
        { ...turnLogFields(context), verb: typeof verb === 'string' ? verb.slice(0, 64) : typeof verb },
        'unknown card action',
      );
      return { kind: 'message', text: UNKNOWN_BUTTON };
    }
    if (JSON.stringify(data).length > MAX_CARD_DATA_BYTES) {
      return { kind: 'message', text: 'That was more than I can take in one go. Please shorten what you typed.' };
    }
    try {
      const decision = await this.router.decide(action, turn);
      if (!decision.ok) return { kind: 'message', text: decision.message };
      return await action.handle(context, turn, data);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      this.log.info({ ...turnLogFields(context), code: error.code, verb }, 'card action refused');
      return { kind: 'message', text: error.userMessage };
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

  private async installed(context: TurnContext): Promise<void> {
    const turn = readTurn(context.activity)!;
    if (turn.address.conversationType === 'personal') {
      await this.deps.installation.personalInstalled(turn.address, turn.user);
      return;
    }
    const address = generalChannelAddress(turn);
    if (!turn.team || !address) return; // group chats: nothing to record yet
    const { pcn, shouldWelcome, configured } = await this.deps.installation.teamInstalled({
      tenantId: turn.tenantId,
      teamId: turn.team.teamId,
      aadGroupId: turn.team.aadGroupId,
      teamName: turn.team.name ?? 'your PCN',
      address,
      installer: await this.installerOf(context, turn),
    });
    if (!shouldWelcome) return;
    const card = renderWelcomeCard({ teamName: pcn.name, configured });
    await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card)));
  }

  /** Teams leaves the name out of install events; ask the roster so the first admin has a proper name. */
  private async installerOf(context: TurnContext, turn: TurnInfo): Promise<TurnInfo['user']> {
    if (context.activity.from?.name) return turn.user;
    try {
      const member = await TeamsInfo.getMember(context, context.activity.from.id);
      return { aadObjectId: turn.user.aadObjectId, name: member.name ?? turn.user.name };
    } catch (error) {
      this.log.warn({ ...turnLogFields(context), err: error }, "could not look up the installer's name");
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

/** A card action's answer that is a message: Teams shows it on the card. */
function messageAnswer(text: string): AdaptiveCardInvokeResponse {
  return {
    statusCode: 200,
    type: 'application/vnd.microsoft.activity.message',
    value: text as unknown as Record<string, unknown>,
  };
}

function invokeMessage(text: string): InvokeResponse<AdaptiveCardInvokeResponse> {
  return { status: 200, body: messageAnswer(text) };
}
