import type { BotDeps } from '../deps';
import { helpFeature } from '../handlers/help';
import { quickCheckFeature } from '../handlers/quick-check';
import { exportFeature } from '../handlers/quick-check-export';
import { resultsFeature } from '../handlers/results';
import { settingsFeature } from '../handlers/settings';
import { setupFeature } from '../handlers/setup';
import { statusFeature } from '../handlers/status';
import type { Feature } from './types';

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
  ];
}

/** The table with `help` first: help lists every command of the table it is given, so it is added last. */
export function withHelp(features: readonly Feature[]): readonly Feature[] {
  const all: Feature[] = [];
  all.push(
    helpFeature(() => all.flatMap((f) => f.commands)),
    ...features,
  );
  return all;
}
