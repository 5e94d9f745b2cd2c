import { CardFactory, MessageFactory } from 'botbuilder';
import type { AdaptiveCard } from '../../cards/expand';
import {
  AddPracticeInput,
  PracticeRefInput,
  SaveSettingsInput,
  SETUP_FIELD_LABELS,
  savePracticeInput,
  typedNewPractice,
  typedPractice,
  typedSettings,
} from '../../cards/setup-inputs';
import { Verbs } from '../../cards/verbs';
import { AppError, ValidationError } from '../../services/errors';
import type { BotDeps } from '../deps';
import { TeamDirectory } from '../roster';
import {
  buildAddPracticeCard,
  buildPracticeEditCard,
  buildSettingsCard,
  buildSetupCard,
  inTeam,
  peopleFromRoster,
  SETUP_IN_TEAM_ONLY,
  type TeamTurn,
} from './setup-card';
import type { CardActionHandler, CardActionResult, CommandHandler } from './types';
import type { TurnContext } from 'botbuilder';
import type { ZodType, ZodTypeDef } from 'zod';
import { parseInput } from '../../services/domain';

/** `setup`: PCN admins get the set-up card; anyone else a polite refusal. */
export function setupCommand(deps: BotDeps): CommandHandler {
  return {
    name: 'setup',
    description: 'PCN admins: add practices and their leads, choose the channel I post in, and add admins.',
    matches: (text) => text === 'setup' || text === 'set up' || text === 'set-up',
    async handle(context, turn) {
      if (!inTeam(turn)) {
        await context.sendActivity(SETUP_IN_TEAM_ONLY);
        return;
      }
      const card = await buildSetupCard(turn, deps);
      await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card)));
    },
  };
}

/**
 * Runs one set-up step and answers with a card in place of the one clicked.
 * A step that changed something returns what it did, shown on the main card;
 * a step that only shows something returns its card. A validation problem
 * comes back naming the field (on `whenInvalid`'s card if given: the card the
 * admin was filling in, with what they typed; else on the main card), a
 * practice that has gone on the main card; nothing is written.
 */
async function respond(
  context: TurnContext,
  turn: TeamTurn,
  deps: BotDeps,
  step: (directory: TeamDirectory) => Promise<string | AdaptiveCard>,
  whenInvalid?: (notice: string, directory: TeamDirectory) => Promise<AdaptiveCard>,
  directory = new TeamDirectory(context, turn.team.teamId),
): Promise<CardActionResult> {
  try {
    const outcome = await step(directory);
    if (typeof outcome !== 'string') return { kind: 'card', card: outcome };
    return { kind: 'card', card: await buildSetupCard(turn, deps, { text: outcome, kind: 'success' }) };
  } catch (error) {
    if (error instanceof ValidationError && whenInvalid) {
      const notice = error.userMessage;
      return respond(context, turn, deps, (d) => whenInvalid(notice, d), undefined, directory);
    }
    if (error instanceof ValidationError || (error instanceof AppError && error.code === 'NOT_FOUND')) {
      const notice = { text: error.userMessage, kind: 'error' } as const;
      return { kind: 'card', card: await buildSetupCard(turn, deps, notice) };
    }
    throw error;
  }
}

function parse<T>(schema: ZodType<T, ZodTypeDef, unknown>, data: unknown): T {
  return parseInput(schema, data, SETUP_FIELD_LABELS);
}

function teamOnly(
  handle: (context: TurnContext, turn: TeamTurn, data: Readonly<Record<string, unknown>>) => Promise<CardActionResult>,
): CardActionHandler['handle'] {
  return async (context, turn, data) =>
    inTeam(turn) ? handle(context, turn, data) : { kind: 'message', text: SETUP_IN_TEAM_ONLY };
}

export function setupActions(deps: BotDeps): CardActionHandler[] {
  return [
    {
      verb: Verbs.openSetup,
      handle: teamOnly(async (context, turn) => {
        const card = await buildSetupCard(turn, deps);
        await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card)));
        return { kind: 'message', text: 'I have posted the set-up card below.' };
      }),
    },
    {
      verb: Verbs.showSetup,
      handle: teamOnly(async (_context, turn) => ({ kind: 'card', card: await buildSetupCard(turn, deps) })),
    },
    {
      verb: Verbs.newPractice,
      handle: teamOnly((context, turn) =>
        respond(context, turn, deps, (directory) => buildAddPracticeCard(turn, deps, directory)),
      ),
    },
    {
      verb: Verbs.editSettings,
      handle: teamOnly((context, turn) => respond(context, turn, deps, (directory) => buildSettingsCard(turn, deps, directory))),
    },
    {
      verb: Verbs.editPractice,
      handle: teamOnly((context, turn, data) =>
        respond(context, turn, deps, (directory) =>
          buildPracticeEditCard(turn, deps, parse(PracticeRefInput, data).practiceId, directory),
        ),
      ),
    },
    { verb: Verbs.addPractice, handle: addPractice(deps) },
    { verb: Verbs.savePractice, handle: savePractice(deps) },
    {
      verb: Verbs.removePractice,
      handle: teamOnly((context, turn, data) =>
        respond(context, turn, deps, async () => {
          const { practiceId } = parse(PracticeRefInput, data);
          const practice = await deps.setup.removePractice(turn.pcnId, turn.user, practiceId);
          return `Removed ${practice.name} (${practice.odsCode}).`;
        }),
      ),
    },
    { verb: Verbs.saveSettings, handle: saveSettings(deps) },
  ];
}

/** "Save practice": the main card when saved; the edit card again, with what was typed, when something needs fixing. */
function savePractice(deps: BotDeps): CardActionHandler['handle'] {
  return teamOnly((context, turn, data) => {
    const save = async (directory: TeamDirectory) => {
      const { practiceId } = parse(PracticeRefInput, data);
      const input = parse(savePracticeInput(practiceId), data);
      const leads = peopleFromRoster(input[`leads_${practiceId}`] as string[], await directory.roster(), 'Practice leads');
      const practice = await deps.setup.updatePractice(turn.pcnId, turn.user, practiceId, {
        name: input[`name_${practiceId}`] as string,
        odsCode: input[`ods_${practiceId}`] as string,
        leads,
      });
      return `Saved ${practice.name} (${practice.odsCode}).`;
    };
    const editAgain = (notice: string, directory: TeamDirectory) => {
      const { practiceId } = parse(PracticeRefInput, data);
      return buildPracticeEditCard(turn, deps, practiceId, directory, { notice, typed: typedPractice(data, practiceId) });
    };
    return respond(context, turn, deps, save, editAgain);
  });
}

/** "Add practice": the main card when added; the "Add a practice" card again, with what was typed, when something needs fixing. */
function addPractice(deps: BotDeps): CardActionHandler['handle'] {
  return teamOnly((context, turn, data) => {
    const add = async (directory: TeamDirectory) => {
      const input = parse(AddPracticeInput, data);
      const leads = peopleFromRoster(input.newLeads, await directory.roster(), 'Practice leads');
      const practice = await deps.setup.addPractice(turn.pcnId, turn.user, {
        name: input.newName,
        odsCode: input.newOds,
        leads,
      });
      return `Added ${practice.name} (${practice.odsCode}).`;
    };
    const addAgain = (notice: string, directory: TeamDirectory) =>
      buildAddPracticeCard(turn, deps, directory, { notice, typed: typedNewPractice(data) });
    return respond(context, turn, deps, add, addAgain);
  });
}

/** "Save" on "Channel and admins": the main card when saved; the same card again, with what was chosen, when something needs fixing. */
function saveSettings(deps: BotDeps): CardActionHandler['handle'] {
  return teamOnly((context, turn, data) => {
    const save = async (directory: TeamDirectory) => {
      const input = parse(SaveSettingsInput, data);
      const [roster, channels] = await Promise.all([directory.roster(), directory.channels()]);
      const channel = channels.find((c) => c.id === input.postingChannel);
      if (!channel) throw new ValidationError('Channel', "Channel: choose one of this team's channels.");
      const admins = peopleFromRoster(input.admins, roster, 'PCN admins');
      await deps.setup.saveSettings(turn.pcnId, turn.user, { postingChannel: channel, admins });
      return `Saved. I will post in ${channel.name}; admins: ${admins.map((a) => a.name).join(', ')}.`;
    };
    const saveAgain = (notice: string, directory: TeamDirectory) =>
      buildSettingsCard(turn, deps, directory, { notice, typed: typedSettings(data) });
    return respond(context, turn, deps, save, saveAgain);
  });
}
