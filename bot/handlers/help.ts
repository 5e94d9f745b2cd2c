import { CardFactory, MessageFactory, type TurnContext } from 'botbuilder';
import { HELP_RUN_VERB, type HelpView, renderHelpCard } from '../../cards/help';
import { answerFaq, isGreeting } from '../../services/ask/faq';
import type { AccessService, Role } from '../../services/access';
import { AppError, NotFoundError } from '../../services/errors';
import { parseInput } from '../../services/domain';
import type { Decision } from '../features/router';
import { anywhereAction, anywhereCommand, type CommandSpec, type Feature } from '../features/types';
import type { TurnInfo } from '../turn';
import { z } from 'zod';

/** What help needs: who the person is, and the router's own check for a command run from a button. */
export interface HelpAccess {
  readonly access: Pick<AccessService, 'who'>;
  decide(spec: CommandSpec, turn: TurnInfo): Promise<Decision>;
}

const RunInput = z.object({ verb: z.string(), command: z.string().min(1).max(64) }).strict();

/**
 * `help` (and a greeting): a card with the commands this person may use
 * here, from the feature table, and buttons for the ones people reach for
 * next, so nobody has to type a command after an @mention. A question
 * about using the bot ("how do I change my answers?") gets its answer.
 */
export function helpFeature(list: () => readonly CommandSpec[], help: HelpAccess): Feature {
  const card = async (turn: TurnInfo, greet: boolean) => renderHelpCard(await helpView(list(), turn, help, greet));
  const send = async (context: TurnContext, turn: TurnInfo, greet: boolean) =>
    context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(await card(turn, greet))));
  return {
    name: 'help',
    commands: [
      anywhereCommand({
        scope: 'anywhere',
        audience: 'anyone',
        name: 'help',
        help: 'Show this list.',
        menu: 'What the bot can do',
        matches: (text) => /^(help|\?|what can you do\??|commands)$/.test(text) || isGreeting(text),
        examples: ['Help', '?', 'hi', 'Hello', 'Good morning!', 'what can you do?'],
        handle: (context, turn, text) => send(context, turn, isGreeting(text)).then(() => undefined),
      }),
    ],
    actions: [
      anywhereAction({
        scope: 'anywhere',
        audience: 'anyone',
        verb: HELP_RUN_VERB,
        async handle(context, turn, data) {
          const { command: name } = parseInput(RunInput, data, { command: 'That button' });
          const command = list().find((c) => c.name === name);
          if (!command) return { kind: 'message', text: 'That button is out of date. Type **help** for the current list.' };
          const decision = await help.decide(command, turn);
          if (!decision.ok) return { kind: 'message', text: decision.message };
          try {
            await command.handle(context, turn, command.name);
          } catch (error) {
            // A refusal or "nothing yet" is said in the conversation, as if the command had been typed.
            if (!(error instanceof AppError)) throw error;
            await context.sendActivity(error.userMessage);
          }
          // The help card stays as it was, for the next button.
          return { kind: 'card', card: await card(turn, false) };
        },
      }),
    ],
    async freeText(context, _turn, text) {
      const entry = answerFaq(text);
      if (entry) await context.sendActivity(entry.answer);
      return !!entry;
    },
  };
}

/** The commands this person may use where they are, and buttons for the next steps. */
async function helpView(commands: readonly CommandSpec[], turn: TurnInfo, help: HelpAccess, greet: boolean): Promise<HelpView> {
  const role = await roleOf(turn, help);
  const inTeam = !!turn.pcnId;
  const usable = commands.filter((c) => mayUse(c, role, inTeam));
  // The card is the answer to `help`: listing help itself would only take a line. The commands with a
  // menu line or a button are the ones people reach for; the rest are named in one line, to fit the screen.
  const others = usable.filter((c) => c.name !== 'help');
  const listed = others.filter((c) => c.menu || c.button);
  const firstName = turn.user.name.split(' ')[0] ?? turn.user.name;
  return {
    greeting: greet ? `Hello, ${firstName}` : undefined,
    commands: listed.map((c) => ({ name: c.name, description: c.help })),
    also: others.filter((c) => !listed.includes(c)).map((c) => c.name),
    inChannel: turn.address.conversationType !== 'personal',
    buttons: usable
      .filter((c) => c.button && (inTeam || c.scope === 'anywhere'))
      .map((c) => ({ title: c.button!, command: c.name })),
    moreForAdmins: role !== 'admin' && commands.some((c) => c.audience === 'admins'),
  };
}

/** The person's role in the team's PCN; undefined outside a team (or before the PCN is recorded). */
async function roleOf(turn: TurnInfo, help: HelpAccess): Promise<Role | undefined> {
  if (!turn.pcnId) return undefined;
  try {
    return (await help.access.who(turn.pcnId, turn.user, 'leads')).role;
  } catch (error) {
    if (error instanceof NotFoundError) return undefined;
    throw error;
  }
}

/** Outside a team, only what anyone may use; in a team, by role. */
function mayUse(command: CommandSpec, role: Role | undefined, inTeam: boolean): boolean {
  switch (command.audience) {
    case 'anyone':
    case 'practice':
      return true;
    case 'leads':
      return inTeam && role !== undefined && role !== 'member';
    case 'admins':
      return inTeam && role === 'admin';
  }
}

/** What anything unrecognised gets. */
export const UNKNOWN_COMMAND_REPLY = "Sorry, I didn't understand that. Type **help** to see what I can do.";
