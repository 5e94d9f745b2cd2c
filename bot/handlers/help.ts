import { CardFactory, MessageFactory } from 'botbuilder';
import { renderHelpCard } from '../../cards/help';
import type { CommandHandler } from './types';

/** `help`: a card listing every command the bot understands. */
export function helpCommand(list: () => readonly CommandHandler[]): CommandHandler {
  return {
    name: 'help',
    description: 'Show this list.',
    matches: (text) => text === 'help' || text === '?' || text === 'hello' || text === 'hi',
    async handle(context, turn) {
      const commands = list().map((c) => ({ name: c.name, description: c.description }));
      const card = renderHelpCard({ commands, inChannel: turn.address.conversationType !== 'personal' });
      await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card)));
    },
  };
}

/** What anything unrecognised gets, until the question answering arrives. */
export const UNKNOWN_COMMAND_REPLY = "Sorry, I didn't understand that. Type **help** to see what I can do.";
