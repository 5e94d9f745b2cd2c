import template from './welcome.json';
import { type AdaptiveCard, expandCard } from './expand';
import { HELP_RUN_VERB } from './help';
import { Verbs } from './verbs';

export interface WelcomeView {
  readonly teamName: string;
  /** Whether the PCN already has practices (the demo PCN does). */
  readonly configured: boolean;
}

/**
 * Posted in the team's General channel when the bot is added, by the person
 * who added it (the first PCN admin): its buttons are that admin's next
 * steps. Anyone else who presses one is answered as if they had typed it.
 */
export function renderWelcomeCard(view: WelcomeView): AdaptiveCard {
  const setupHint = view.configured
    ? 'This PCN is already set up. Start the quick check now, or see the results.'
    : 'A PCN admin (whoever added me is the first) can set up the practices and their leads now.';
  const run = (title: string, command: string) => ({ title, verb: HELP_RUN_VERB, command });
  const buttons = view.configured
    ? [run('Start quick check', 'start quick check'), run('Results', 'results'), run('Help', 'help')]
    : [{ title: 'Set up this PCN', verb: Verbs.openSetup, command: '' }, run('Help', 'help')];
  return expandCard(template, { teamName: view.teamName, setupHint, buttons });
}
