import type { TurnContext } from 'botbuilder';
import type { AdaptiveCard } from '../../cards/expand';
import type { Verb } from '../../cards/verbs';
import type { TurnInfo } from '../turn';

/** One chat command (`help`, `setup`...). */
export interface CommandHandler {
  /** As typed, and as listed in the help card and the Teams command menu. */
  readonly name: string;
  readonly description: string;
  /** Whether this handler takes the (lower-cased, @mention-free) text. */
  matches(text: string): boolean;
  handle(context: TurnContext, turn: TurnInfo, text: string): Promise<void>;
}

/**
 * What a card action answers: a card that replaces the one clicked, or a
 * short message. A private card is for the person who pressed the button
 * only: Teams shows an Action.Execute's answer to them alone, but the
 * Action.Submit fallback (Teams mobile) would replace the card for everyone,
 * so there `fallback` is sent as a new message instead: a card anyone may
 * see, or a text that says why there is none.
 */
export type CardActionResult =
  | { readonly kind: 'card'; readonly card: AdaptiveCard }
  | {
      readonly kind: 'privateCard';
      readonly card: AdaptiveCard;
      readonly fallback: { readonly text: string } | { readonly card: AdaptiveCard };
    }
  | { readonly kind: 'message'; readonly text: string };

/** One card verb (Action.Execute, or the Action.Submit fallback carrying `verb` in its data). */
export interface CardActionHandler {
  readonly verb: Verb;
  handle(context: TurnContext, turn: TurnInfo, data: Readonly<Record<string, unknown>>): Promise<CardActionResult>;
}
