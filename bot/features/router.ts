import type { TurnContext } from 'botbuilder';
import { type AccessService, allows, refusal } from '../../services/access';
import { MAX_MENU_COMMANDS } from '../manifest-commands';
import type { TurnInfo } from '../turn';
import { type ActionSpec, type CommandSpec, type Feature, inTeam, type Scope } from './types';

export const TEAM_ONLY =
  "I can do that in your PCN's team. Go to the team's channel, type **@**, pick me from the list, then type the command.";

/** A feature table that would route one input two ways; thrown at start so it never ships. */
export class FeatureTableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FeatureTableError';
  }
}

/** What the router decided for a turn: go ahead (with the PCN when in a team), or answer with a refusal. */
export type Decision = { readonly ok: true } | { readonly ok: false; readonly message: string };

/**
 * The feature table, checked once at start: every verb and command name
 * once, and every command's name and examples matched by that command
 * only. It finds the command for a text or the action for a verb, and
 * decides scope and audience with one set of messages.
 */
export class FeatureRouter {
  readonly commands: readonly CommandSpec[];
  private readonly actions = new Map<string, ActionSpec>();

  constructor(
    readonly features: readonly Feature[],
    private readonly access: Pick<AccessService, 'who'>,
  ) {
    this.commands = features.flatMap((f) => f.commands);
    const names = new Set<string>();
    for (const command of this.commands) {
      if (names.has(command.name)) throw new FeatureTableError(`Two commands are called "${command.name}"`);
      names.add(command.name);
    }
    for (const action of features.flatMap((f) => f.actions)) {
      if (this.actions.has(action.verb)) throw new FeatureTableError(`Two card actions use the verb "${action.verb}"`);
      this.actions.set(action.verb, action);
    }
    const inMenu = this.commands.filter((c) => c.menu).length;
    if (inMenu > MAX_MENU_COMMANDS) {
      throw new FeatureTableError(`${inMenu} commands have a menu line; Teams shows at most ${MAX_MENU_COMMANDS}`);
    }
    for (const command of this.commands) {
      for (const text of [command.name, ...(command.examples ?? [])]) {
        const takers = this.commands.filter((c) => c.matches(text.toLowerCase())).map((c) => c.name);
        if (takers.length !== 1 || takers[0] !== command.name) {
          throw new FeatureTableError(
            `"${text}" (an example of "${command.name}") is taken by ${takers.length ? takers.map((t) => `"${t}"`).join(' and ') : 'no command'}`,
          );
        }
      }
    }
  }

  /** The command a text means, if any (the table guarantees at most one for every known example). */
  command(text: string): CommandSpec | undefined {
    const lower = text.toLowerCase();
    return this.commands.find((c) => c.matches(lower));
  }

  action(verb: string): ActionSpec | undefined {
    return this.actions.get(verb);
  }

  /** Offers text that is no command to each feature that answers free text; false when none did. */
  async answerFreeText(context: TurnContext, turn: TurnInfo, text: string): Promise<boolean> {
    for (const feature of this.features) {
      if (feature.freeText && (await feature.freeText(context, turn, text))) return true;
    }
    return false;
  }

  /**
   * Whether this person may use this here. `pcnId` is the PCN the request
   * is about: the turn's team, or for an action from a 1:1 copy of a card,
   * the card's own PCN (see cardPcn in the quick check's handler).
   */
  async decide(
    spec: {
      readonly scope: Scope;
      readonly audience: CommandSpec['audience'];
      readonly refusal?: string;
      readonly name?: string;
    },
    turn: TurnInfo,
    pcnId: string | undefined = turn.pcnId,
  ): Promise<Decision> {
    if (spec.scope === 'team' && !inTeam(turn)) return { ok: false, message: TEAM_ONLY };
    if (spec.audience === 'anyone' || spec.audience === 'practice' || !pcnId) return { ok: true };
    const who = await this.access.who(pcnId, turn.user, spec.audience);
    if (allows(spec.audience, who)) return { ok: true };
    return { ok: false, message: refusal(spec.audience, who.pcn, spec.refusal ?? `use ${spec.name ?? 'that'}`) };
  }
}
