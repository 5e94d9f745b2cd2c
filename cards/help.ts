import template from './help.json';
import { type AdaptiveCard, expandCard } from './expand';

export interface HelpView {
  readonly commands: readonly { readonly name: string; readonly description: string }[];
  readonly inChannel: boolean;
}

export function renderHelpCard(view: HelpView): AdaptiveCard {
  return expandCard(template, {
    commands: view.commands,
    whereHint: view.inChannel ? ' (start with @ and my name in a channel)' : '',
  });
}
