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
 * and one line here. The help card and the Teams command menu are built
 * from it; router.ts checks it at start.
 */
export function featureTable(deps: BotDeps): readonly Feature[] {
  const features: Feature[] = [];
  features.push(
    helpFeature(() => features.flatMap((f) => f.commands)),
    setupFeature(deps),
    quickCheckFeature(deps),
    resultsFeature(deps),
    exportFeature(deps),
    settingsFeature(deps),
    statusFeature(deps),
  );
  return features;
}
