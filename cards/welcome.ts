import template from './welcome.json';
import { type AdaptiveCard, expandCard } from './expand';
import { Verbs } from './verbs';

export interface WelcomeView {
  readonly teamName: string;
  /** Whether the PCN already has practices (the demo PCN does). */
  readonly configured: boolean;
}

/** Posted in the team's General channel when the bot is added. */
export function renderWelcomeCard(view: WelcomeView): AdaptiveCard {
  const setupHint = view.configured
    ? 'This PCN is already set up. Type help to see what I can do.'
    : 'A PCN admin (whoever added me is the first) can set up the practices and their leads now.';
  return expandCard(template, { teamName: view.teamName, setupHint, verbs: Verbs });
}
