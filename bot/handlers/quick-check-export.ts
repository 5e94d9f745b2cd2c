import { CardFactory, MessageFactory } from 'botbuilder';
import { z } from 'zod';
import { renderExportLinkCard, renderExportOfferCard } from '../../cards/export';
import { Verbs } from '../../cards/verbs';
import { formatLondonDateTime, parseInput, parseQuarter, quarterLabel } from '../../services/domain';
import { type Feature, teamAction, teamCommand } from '../features/types';
import type { QuickCheckBotDeps } from './quick-check-common';

const coverage = (quarter: string) => {
  const q = parseQuarter(quarter);
  return q ? quarterLabel(q) : 'every quarter';
};

/**
 * `export` / `export 2026-Q3`: PCN admins get a 15-minute link to a CSV of the
 * answers and their history. Typed in a channel, a link in the reply would be
 * open to the whole team, so the reply is an offer card whose button gives
 * the link to the admin who presses it, and to nobody else.
 */
export function exportFeature(deps: QuickCheckBotDeps): Feature {
  return { name: 'export', commands: [exportCommand(deps)], actions: exportActions(deps) };
}

const rule = { scope: 'team', audience: 'admins', refusal: 'export the quick check answers' } as const;

function exportCommand(deps: QuickCheckBotDeps) {
  return teamCommand({
    ...rule,
    name: 'export',
    help: 'Download the answers as a spreadsheet.',
    menu: 'PCN admins: download the answers as CSV',
    matches: (text) => /^export(\s|$)/.test(text),
    examples: ['export 2026-Q3', 'export last quarter', 'export Q3 2026/27'],
    async handle(context, turn, text) {
      // Checks the admin, the quarter and that export is switched on, so a refusal comes now, not on the button.
      const { quarter } = await deps.quickCheck.exports.scope(turn.pcnId, turn.user, text.replace(/^export/i, ''));
      const card = renderExportOfferCard({ what: coverage(quarter), quarter });
      await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card)));
    },
  });
}

const ExportLinkInput = z.object({ quarter: z.string().regex(/^(all|\d{4}-Q[1-4])$/) });

/** The offer card's button: the link, on a card for the admin who pressed it only. */
function exportActions(deps: QuickCheckBotDeps) {
  return [
    teamAction({
      ...rule,
      verb: Verbs.exportLink,
      async handle(_context, turn, data) {
        const input = parseInput(
          ExportLinkInput,
          data,
          {},
          {
            message: 'That export card is not one I recognise. Type **export** for a new one.',
          },
        );
        const argument = input.quarter === 'all' ? '' : input.quarter;
        const { url, expiresAt, quarter } = await deps.quickCheck.exports.link(turn.pcnId, turn.user, argument);
        const until = formatLondonDateTime(expiresAt).split(', ')[1] ?? '';
        return {
          kind: 'privateCard',
          card: renderExportLinkCard({ what: coverage(quarter), url, until }),
          fallback: {
            text: 'To keep the download link private, I can only give it in Teams on a computer or in a web browser. Please press the button there.',
          },
        };
      },
    }),
  ];
}
