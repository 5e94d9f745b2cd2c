import template from './help.json';
import { type AdaptiveCard, expandCard } from './expand';

/** The help card's buttons run a command by name, as if it had been typed. */
export const HELP_RUN_VERB = 'help.run';

export interface HelpView {
  /** "Hello, Priya" when the person greeted the bot; the title is "What I can do" otherwise. */
  readonly greeting?: string;
  /** The commands this person reaches for most, each with its line. */
  readonly commands: readonly { readonly name: string; readonly description: string }[];
  /** The other commands this person may use, by name only, so the card stays on one screen. */
  readonly also: readonly string[];
  readonly inChannel: boolean;
  /** Buttons for the next steps: a title and the command it runs. */
  readonly buttons: readonly { readonly title: string; readonly command: string }[];
  /** Say that admins see more (the person is not an admin). */
  readonly moreForAdmins: boolean;
}

/**
 * Declared 1.4 for the Action.Execute buttons, each with an Action.Submit
 * fallback for Teams mobile; the body uses 1.2 elements only.
 */
export function renderHelpCard(view: HelpView): AdaptiveCard {
  const where = view.inChannel
    ? 'Type one of these after @ and my name, or ask a question such as "when is Stoptober?"'
    : 'Type one of these here (most of them work in your PCN\'s team channel, after @ and my name), or ask a question such as "when is Stoptober?"';
  return expandCard(template, {
    title: view.greeting ?? 'What I can do',
    intro: `${where}.`,
    commands: view.commands,
    also: view.also.map((name) => `**${name}**`).join(', '),
    moreForAdmins: view.moreForAdmins,
    buttons: view.buttons,
    verb: HELP_RUN_VERB,
    fallbackText: `Commands: ${[...view.commands.map((c) => c.name), ...view.also].join(', ')}.`,
  });
}
