import type { TurnContext } from 'botbuilder';
import type { AdaptiveCard } from '../../cards/expand';
import type { Audience } from '../../services/access';
import type { TurnInfo } from '../turn';

/**
 * A feature is what a handler file exports: its chat commands and card
 * actions, each with who may use it and where. The edge (router.ts) reads
 * the one table in table.ts, refuses duplicates and ambiguous commands at
 * start, and checks scope and audience before a handler runs, so handlers
 * only parse input, call a service and render a card.
 */

/**
 * Where a command or action works. `team`: only in a PCN team's channels
 * (the handler gets a TeamTurn); `anywhere`: also in a 1:1 or group chat.
 */
export type Scope = 'team' | 'anywhere';

/** A turn in a PCN team: the team and its PCN are known. */
export type TeamTurn = TurnInfo & { readonly pcnId: string; readonly team: NonNullable<TurnInfo['team']> };

export function inTeam(turn: TurnInfo): turn is TeamTurn {
  return !!turn.team && !!turn.pcnId;
}

interface Rule<S extends Scope> {
  readonly scope: S;
  readonly audience: Audience;
  /** Completes "Only a PCN admin can ..." when someone outside the audience tries. */
  readonly refusal?: string;
}

type TurnFor<S extends Scope> = S extends 'team' ? TeamTurn : TurnInfo;

export interface CommandSpec<S extends Scope = Scope> extends Rule<S> {
  /** As typed, and as listed in the help card and the Teams command menu. */
  readonly name: string;
  /** One line for the help card. */
  readonly help: string;
  /**
   * Its line in the Teams command menu (at most 128 characters). Teams shows
   * at most ten commands a menu, so rarer commands leave it out: they still
   * work when typed, and help lists them.
   */
  readonly menu?: string;
  /** Whether this command takes the (lower-cased, @mention-free) text. */
  matches(text: string): boolean;
  /** Other things people type for it; each must match this command and no other (checked at start). */
  readonly examples?: readonly string[];
  /** The title of its button on the help and welcome cards, for the commands people reach for next. */
  readonly button?: string;
  handle(context: TurnContext, turn: TurnFor<S>, text: string): Promise<void>;
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
export interface ActionSpec<S extends Scope = Scope> extends Rule<S> {
  /** The card's `verb`: declared beside the card that carries it (cards/verbs.ts for the first features). */
  readonly verb: string;
  handle(context: TurnContext, turn: TurnFor<S>, data: Readonly<Record<string, unknown>>): Promise<CardActionResult>;
}

export interface Feature {
  /** For logs and the start-up checks. */
  readonly name: string;
  readonly commands: readonly CommandSpec[];
  readonly actions: readonly ActionSpec[];
  /**
   * Text that is no command: a feature may answer it (a question), and
   * says whether it did. Tried in table order; the first to answer wins.
   */
  readonly freeText?: (context: TurnContext, turn: TurnInfo, text: string) => Promise<boolean>;
}

/** Typed constructors: a team command's handler is given a TeamTurn. */
export const teamCommand = (spec: CommandSpec<'team'>): CommandSpec => spec as CommandSpec;
export const anywhereCommand = (spec: CommandSpec<'anywhere'>): CommandSpec => spec as CommandSpec;
export const teamAction = (spec: ActionSpec<'team'>): ActionSpec => spec as ActionSpec;
export const anywhereAction = (spec: ActionSpec<'anywhere'>): ActionSpec => spec as ActionSpec;
