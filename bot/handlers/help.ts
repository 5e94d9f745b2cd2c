import { CardFactory, MessageFactory } from 'botbuilder';
import { renderHelpCard } from '../../cards/help';
import { anywhereCommand, type CommandSpec, type Feature } from '../features/types';

/** `help`: a card listing every command the bot understands, from the feature table. */
export function helpFeature(list: () => readonly CommandSpec[]): Feature {
  return {
    name: 'help',
    commands: [
      anywhereCommand({
        scope: 'anywhere',
        audience: 'anyone',
        name: 'help',
        help: 'Show this list.',
        menu: 'What the bot can do',
        matches: (text) => text === 'help' || text === '?' || text === 'hello' || text === 'hi',
        examples: ['Help', '?', 'hi', 'hello'],
        async handle(context, turn) {
          const commands = list().map((c) => ({ name: c.name, description: c.help }));
          const card = renderHelpCard({ commands, inChannel: turn.address.conversationType !== 'personal' });
          await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card)));
        },
      }),
    ],
    actions: [],
  };
}

/** What anything unrecognised gets, until the question answering arrives. */
export const UNKNOWN_COMMAND_REPLY = "Sorry, I didn't understand that. Type **help** to see what I can do.";
