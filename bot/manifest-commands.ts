import fs from 'node:fs';
import path from 'node:path';
import type { CommandSpec } from './features/types';

/** Teams' command menu: one list per scope, at most ten commands each, a title and a description of at most 128 characters. */
export const MAX_MENU_COMMANDS = 10;

export interface CommandList {
  readonly scopes: readonly ('team' | 'personal')[];
  readonly commands: readonly { readonly title: string; readonly description: string }[];
}

/**
 * The command menu for the app manifest, from the feature table: every
 * command in the team list, and those that work outside a team in the
 * personal list too, so the menu never offers what the bot would refuse.
 */
export function commandLists(commands: readonly CommandSpec[]): CommandList[] {
  const inMenu = commands.filter((c): c is CommandSpec & { menu: string } => !!c.menu);
  const entry = (c: CommandSpec & { menu: string }) => ({ title: c.name, description: c.menu.slice(0, 128) });
  const lists: CommandList[] = [{ scopes: ['team'], commands: inMenu.map(entry) }];
  const personal = inMenu.filter((c) => c.scope === 'anywhere').map(entry);
  if (personal.length) lists.push({ scopes: ['personal'], commands: personal });
  return lists;
}

export const MANIFEST_FILE = path.join(__dirname, '../../deploy/teams-app/manifest.json');

/** Writes the command lists into the manifest (npm run manifest); everything else in it is left as it is. */
export function writeManifestCommands(commands: readonly CommandSpec[], file = MANIFEST_FILE): void {
  const manifest = JSON.parse(fs.readFileSync(file, 'utf8'));
  manifest.bots[0].commandLists = commandLists(commands);
  fs.writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`);
}
