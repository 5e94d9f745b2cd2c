import type { TurnContext } from 'botbuilder';
import { CardFactory, MessageFactory } from 'botbuilder';
import type { ZodType, ZodTypeDef } from 'zod';
import type { AdaptiveCard } from '../../cards/expand';
import {
  AddPracticeByCodeInput,
  AddPracticeInput,
  AddPracticesInput,
  PracticeRefInput,
  SaveSettingsInput,
  SETUP_FIELD_LABELS,
  leadsInput,
  LeadsProgressInput,
  savePracticeInput,
  typedLeads,
  typedNewPractice,
  typedPractice,
  typedPracticeList,
  typedSettings,
} from '../../cards/setup-inputs';
import { Verbs } from '../../cards/verbs';
import { parseInput, type ServiceCode } from '../../services/domain';
import { AppError, ValidationError } from '../../services/errors';
import { checkWithDirectory, type DirectoryAnswer, expandPcns, type PcnExpansion } from '../../services/pcn-setup';
import type { BotDeps } from '../deps';
import { type ActionSpec, type CardActionResult, type Feature, teamAction, teamCommand, type TeamTurn } from '../features/types';
import { TeamDirectory } from '../roster';
import {
  buildAddPracticeCard,
  buildLeadsCard,
  buildPracticeEditCard,
  buildSettingsCard,
  buildSetupCard,
  buildSeveralPracticesCard,
  peopleFromRoster,
} from './setup-card';

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
        help: 'Practices, leads, channel and admins.',
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
      step(Verbs.newPractices, async (_context, turn) => ({ kind: 'card', card: await buildSeveralPracticesCard(turn, deps) })),
      step(Verbs.addPractice, addPractice(deps)),
      step(Verbs.addPractices, addPractices(deps)),
      step(Verbs.saveLeads, saveLeads(deps)),
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
        services: input[`services_${practiceId}`] as ServiceCode[] | undefined,
        otherServices: input[`otherServices_${practiceId}`] as string | undefined,
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

/**
 * "Add practice": the main card when added; the "Add a practice" card again,
 * with what was typed, when something needs fixing. With ODS look-ups on,
 * an empty name is the NHS directory's, and a code it lists as no GP
 * practice is refused.
 */
function addPractice(deps: BotDeps): SetupStep {
  return (context, turn, data) => {
    const add = async (directory: TeamDirectory) => {
      const { lookup } = deps.config.ods;
      const input = parse(lookup ? AddPracticeByCodeInput : AddPracticeInput, data);
      const leads = peopleFromRoster(input.newLeads, await directory.roster(), 'Practice leads');
      const typed = { name: input.newName, odsCode: input.newOds };
      const [answer] = await checkWithDirectory(deps.practiceDirectory, lookup, [typed]);
      const practice = await deps.setup.addPractice(turn.pcnId, turn.user, {
        name: nameOrRefuse(answer, input.newOds),
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

/**
 * "Add practices" on "Add several practices": adds every practice in the
 * list at once (or none) and shows the first one's leads card. With ODS
 * look-ups on, a PCN's code first comes back as its practices, filled in
 * to check. A wrong line comes back on the same card, with the list as typed.
 */
function addPractices(deps: BotDeps): SetupStep {
  return (context, turn, data) => {
    const add = async (directory: TeamDirectory) => {
      const { newPractices: list } = parse(AddPracticesInput, data);
      const { lookup } = deps.config.ods;
      if (lookup) {
        const { odsCodes } = await deps.setup.pcn(turn.pcnId, turn.user);
        const expanded = await expandPcns(deps.practiceDirectory, list, (code) => !!odsCodes[code]);
        if (expanded) {
          const filled = expanded.lines.map((l) => l.text).join('\n');
          return buildSeveralPracticesCard(turn, deps, { list: filled, notice: { kind: 'success', text: foundIn(expanded) } });
        }
      }
      const answers = await checkWithDirectory(deps.practiceDirectory, lookup, list);
      const lines = list.map(({ line, odsCode }, i) => ({
        line,
        odsCode,
        name: nameOrRefuse(answers[i], odsCode, line),
        leads: [],
      }));
      const added = await deps.setup.addPractices(turn.pcnId, turn.user, lines);
      const progress = { practiceIds: added.map((p) => p.practiceId), total: added.length };
      const notice = { kind: 'success', text: `Added ${count(added.length, 'practice')}.` } as const;
      return (await buildLeadsCard(turn, deps, directory, progress, { notice })) ?? notice.text;
    };
    const listAgain = (notice: string) =>
      buildSeveralPracticesCard(turn, deps, { list: typedPracticeList(data), notice: { kind: 'error', text: notice } });
    return respond(context, turn, deps, add, listAgain);
  };
}

/** "Save and next" on a new practice's leads card: saves its leads and shows the next one added, or the main card after the last. */
function saveLeads(deps: BotDeps): SetupStep {
  return (context, turn, data) => {
    const save = async (directory: TeamDirectory) => {
      const { practiceId } = parse(PracticeRefInput, data);
      const chosen = parse(leadsInput(practiceId), data)[`leads_${practiceId}`] as string[];
      const input = parse(LeadsProgressInput, data);
      const leads = peopleFromRoster(chosen, await directory.roster(), 'Practice leads');
      const practice = await deps.setup.setLeads(turn.pcnId, turn.user, practiceId, leads);
      const saved = `Saved ${practice.name} (${practice.odsCode})`;
      const progress = { practiceIds: input.queue, total: input.total };
      const next = await buildLeadsCard(turn, deps, directory, progress, { notice: { kind: 'success', text: `${saved}.` } });
      return next ?? (input.total > 1 ? `${saved}, the last of the ${input.total} practices you added.` : `${saved}.`);
    };
    const again = async (notice: string, directory: TeamDirectory) => {
      const { practiceId } = parse(PracticeRefInput, data);
      const { leadIds, queue, total } = typedLeads(data, practiceId);
      const shown = { notice: { kind: 'error', text: notice } as const, typed: leadIds };
      const card = await buildLeadsCard(turn, deps, directory, { practiceIds: [practiceId, ...queue], total }, shown);
      return card ?? buildSetupCard(turn, deps, shown.notice);
    };
    return respond(context, turn, deps, save, again);
  };
}

/** The name to add a practice under, from the NHS directory's answer; a refusal naming the field, or the line (`line`), when there is none. */
function nameOrRefuse(answer: DirectoryAnswer | undefined, odsCode: string, line?: number): string {
  if (answer?.kind === 'named') return answer.name;
  const where = line === undefined ? undefined : `Line ${line}:`;
  if (answer?.kind === 'notGpPractice') {
    const lists = `the NHS directory lists ${odsCode} as ${answer.odsName}, which is not a GP practice.`;
    throw new ValidationError(where ? 'Practices' : 'ODS code', `${where ?? 'ODS code:'} ${lists}`);
  }
  if (answer?.notInDirectory) {
    const check = `the NHS directory has no practice ${odsCode}. Check the code, or type the practice's name`;
    throw new ValidationError(
      where ? 'Practices' : 'Practice name',
      where ? `${where} ${check} before it.` : `Practice name: ${check}.`,
    );
  }
  if (where)
    throw new ValidationError(
      'Practices',
      `${where} add the practice's name before its code, for example "Riverside Surgery, B82005".`,
    );
  throw new ValidationError('Practice name', 'Practice name is required.');
}

/** What putting PCNs' practices in the list did, for the admin to check. */
function foundIn(expanded: PcnExpansion): string {
  const found = expanded.pcns.map(({ odsCode, added, left }) => {
    const already = left ? ` (${count(left, 'other')} ${left === 1 ? 'is' : 'are'} already in this PCN or the list)` : '';
    return added
      ? `I have put the ${count(added, 'practice')} of ${odsCode} from the NHS directory in the list${already}.`
      : `The practices of ${odsCode} in the NHS directory are all in this PCN or the list already.`;
  });
  return `${found.join(' ')} Check the list, then press Add practices.`;
}

const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

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
