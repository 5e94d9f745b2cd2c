import type { BotDeps } from '../deps';
import { askFeature } from '../handlers/ask';
import { campaignsFeature } from '../handlers/campaigns';
import { channelsFeature } from '../handlers/channels';
import { type HelpAccess, helpFeature } from '../handlers/help';
import { plansFeature } from '../handlers/plans';
import { quickCheckFeature } from '../handlers/quick-check';
import { exportFeature } from '../handlers/quick-check-export';
import { resultsFeature } from '../handlers/results';
import { settingsFeature } from '../handlers/settings';
import { setupFeature } from '../handlers/setup';
import { statusFeature } from '../handlers/status';
import type { CommandSpec, Feature } from './types';

/**
 * The feature table: every command and card action the bot has, one line
 * per feature. A new feature is a handler file that exports its Feature,
 * and one line here. `help` and the Teams command menu are built from it;
 * router.ts checks it at start.
 */
export function featureTable(deps: BotDeps): readonly Feature[] {
  return [
    setupFeature(deps),
    quickCheckFeature(deps),
    resultsFeature(deps),
    exportFeature(deps),
    settingsFeature(deps),
    statusFeature(deps),
    campaignsFeature(deps),
    plansFeature(deps),
    channelsFeature(deps),
    // Last: it answers any text that is no command as a question.
    askFeature(deps),
  ];
}

/**
 * The table with `help` first: help lists the commands of the table it is
 * given (those the person may use) and runs them from its buttons, so it is
 * added last. `help` says who the person is and how the router decides.
 */
export function withHelp(features: readonly Feature[], help: HelpAccess): readonly Feature[] {
  const all: Feature[] = [];
  all.push(
    helpFeature(() => all.flatMap((f) => f.commands), help),
    ...features,
  );
  return all;
}

/** Every command in the table, without running the bot: for the Teams command menu and the checks of it. */
export function tableCommands(): readonly CommandSpec[] {
  const notRunning = () => Promise.reject(new Error('The bot is not running: the table is only being listed'));
  const features = withHelp(featureTable({} as BotDeps), { access: { who: notRunning }, decide: notRunning });
  return features.flatMap((f) => f.commands);
}
