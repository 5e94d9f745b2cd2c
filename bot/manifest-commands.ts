import type { CommandSpec } from './features/types';

/** Teams' command menu: one list per scope, at most ten commands each, a title and a description of at most 128 characters. */
export const MAX_MENU_COMMANDS = 10;

export interface CommandList {
  readonly scopes: readonly ('team' | 'personal' | 'groupChat')[];
  readonly commands: readonly { readonly title: string; readonly description: string }[];
}

/**
 * The command menu for the app manifest, from the feature table: every
 * command in the team list, and those that work outside a team in the
 * personal and group chat list too, so the menu never offers what the bot
 * would refuse. `npm run package` writes it into the app package.
 */
export function commandLists(commands: readonly CommandSpec[]): CommandList[] {
  const inMenu = commands.filter((c): c is CommandSpec & { menu: string } => !!c.menu);
  const entry = (c: CommandSpec & { menu: string }) => ({ title: c.name, description: c.menu.slice(0, 128) });
  const lists: CommandList[] = [{ scopes: ['team'], commands: inMenu.map(entry) }];
  const elsewhere = inMenu.filter((c) => c.scope === 'anywhere').map(entry);
  if (elsewhere.length) lists.push({ scopes: ['personal', 'groupChat'], commands: elsewhere });
  return lists;
}
