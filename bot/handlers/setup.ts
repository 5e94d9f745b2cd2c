import type { TurnContext } from 'botbuilder';
import { CardFactory, MessageFactory } from 'botbuilder';
import type { ZodType, ZodTypeDef } from 'zod';
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
import { parseInput } from '../../services/domain';
import { AppError, ValidationError } from '../../services/errors';
import type { BotDeps } from '../deps';
import { type ActionSpec, type CardActionResult, type Feature, teamAction, teamCommand, type TeamTurn } from '../features/types';
import { TeamDirectory } from '../roster';
import { buildAddPracticeCard, buildPracticeEditCard, buildSettingsCard, buildSetupCard, peopleFromRoster } from './setup-card';

type SetupStep = ActionSpec<'team'>['handle'];

/** Every set-up command and button: PCN admins, in the PCN's team. */
const rule = { scope: 'team', audience: 'admins', refusal: 'change the set-up' } as const;

/** `setup`: practices, their leads, the posting channel and the admins. */
export function setupFeature(deps: BotDeps): Feature {
  const step = (verb: ActionSpec['verb'], handle: SetupStep) => teamAction({ ...rule, verb, handle });
  return {
    name: 'setup',
    commands: [
      teamCommand({
        ...rule,
        name: 'setup',
        help: 'Add practices and their leads, choose the channel I post in, and add admins.',
        menu: 'PCN admins: practices, leads, channel and admins',
        button: 'Set up practices',
        matches: (text) => text === 'setup' || text === 'set up' || text === 'set-up',
        examples: ['set up', 'Set-up'],
        async handle(context, turn) {
          const card = await buildSetupCard(turn, deps);
          await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card)));
        },
      }),
    ],
    actions: [
      step(Verbs.openSetup, async (context, turn) => {
        const card = await buildSetupCard(turn, deps);
        await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card)));
        return { kind: 'message', text: 'I have posted the set-up card below.' };
      }),
      step(Verbs.showSetup, async (_context, turn) => ({ kind: 'card', card: await buildSetupCard(turn, deps) })),
      step(Verbs.newPractice, (context, turn) =>
        respond(context, turn, deps, (directory) => buildAddPracticeCard(turn, deps, directory)),
      ),
      step(Verbs.editSettings, (context, turn) =>
        respond(context, turn, deps, (directory) => buildSettingsCard(turn, deps, directory)),
      ),
      step(Verbs.editPractice, (context, turn, data) =>
        respond(context, turn, deps, (directory) =>
          buildPracticeEditCard(turn, deps, parse(PracticeRefInput, data).practiceId, directory),
        ),
      ),
      step(Verbs.addPractice, addPractice(deps)),
      step(Verbs.savePractice, savePractice(deps)),
      step(Verbs.removePractice, (context, turn, data) =>
        respond(context, turn, deps, async () => {
          const { practiceId } = parse(PracticeRefInput, data);
          const practice = await deps.setup.removePractice(turn.pcnId, turn.user, practiceId);
          return `Removed ${practice.name} (${practice.odsCode}).`;
        }),
      ),
      step(Verbs.saveSettings, saveSettings(deps)),
    ],
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

/** "Save practice": the main card when saved; the edit card again, with what was typed, when something needs fixing. */
function savePractice(deps: BotDeps): SetupStep {
  return (context, turn, data) => {
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
  };
}

/** "Add practice": the main card when added; the "Add a practice" card again, with what was typed, when something needs fixing. */
function addPractice(deps: BotDeps): SetupStep {
  return (context, turn, data) => {
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
  };
}

/** "Save" on "Channel and admins": the main card when saved; the same card again, with what was chosen, when something needs fixing. */
function saveSettings(deps: BotDeps): SetupStep {
  return (context, turn, data) => {
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
  };
}
