import { formatLondonDateTime } from '../../services/quick-check/london-dates';
import { type QuickCheckBotDeps, TEAM_ONLY } from './quick-check-common';
import type { CommandHandler } from './types';

/** `export` / `export 2026-Q3`: PCN admins get a 15-minute link to a CSV of the answers and their history. */
export function exportCommand(deps: QuickCheckBotDeps): CommandHandler {
  return {
    name: 'export',
    description:
      'PCN admins: download the quick check answers and their history as a spreadsheet (CSV); add a quarter such as 2026-Q3 for one quarter.',
    matches: (text) => /^export(\s|$)/.test(text),
    async handle(context, turn, text) {
      if (!turn.pcnId) {
        await context.sendActivity(TEAM_ONLY);
        return;
      }
      const { url, expiresAt, quarter } = await deps.quickCheck.exports.link(turn.pcnId, turn.user, text.replace(/^export/i, ''));
      const what = quarter === 'all' ? 'every quarter' : quarter;
      const until = formatLondonDateTime(expiresAt).split(', ')[1];
      await context.sendActivity(
        `Here is the quick check export (${what}): [download the CSV](${url}). The link works until ${until} (15 minutes). Anyone with the link can download the file until then, so please don't forward it.`,
      );
    },
  };
}
