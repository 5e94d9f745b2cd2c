/**
 * Card rendering: what a round costs in CPU to post one quick check card
 * per practice. Compares the prepared-template path the bot uses
 * (cards/expand.ts) with preparing the template afresh for every card, the
 * baseline, in the same run.
 *
 *   npm run bench:cards
 *
 * Prints ms per card and the ratio, and writes test/bench/results/cards.json.
 */
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Template } from 'adaptivecards-templating';
import template from '../../cards/quick-check.json';
import { quickCheckCardData, renderQuickCheckCard, type QuickCheckFormView } from '../../cards/quick-check';

const RESULTS_DIR = path.resolve(__dirname, '../../../test/bench/results');
const CARDS = 2_000;
const WARM_UP = 50;

const view = (i: number): QuickCheckFormView => ({
  practiceName: `Practice ${i}`,
  quarterLabel: 'January to March 2027',
  roundId: '2027-Q1',
  practiceId: `p-${i}`,
  pcnId: `tenant:team-${i % 1250}`,
  closesLabel: '31 March 2027',
});

/** Mean ms per call of `render` over CARDS calls, after a warm-up. */
function msPerCard(render: (i: number) => unknown): number {
  for (let i = 0; i < WARM_UP; i++) render(i);
  const start = performance.now();
  for (let i = 0; i < CARDS; i++) render(i);
  return (performance.now() - start) / CARDS;
}

function main(): void {
  // The baseline prepares the same template for every card and expands it with the data the bot would give.
  const sample = renderQuickCheckCard(view(0));
  const fresh = msPerCard((i) => new Template(template).expand({ $root: quickCheckCardData(view(i)) }));
  const prepared = msPerCard((i) => renderQuickCheckCard(view(i)));
  const report = {
    cards: CARDS,
    cardBytes: JSON.stringify(sample).length,
    freshTemplateMsPerCard: Number(fresh.toFixed(3)),
    preparedTemplateMsPerCard: Number(prepared.toFixed(3)),
    speedUp: Number((fresh / prepared).toFixed(1)),
    nationalRoundCpuSeconds: {
      fresh: Number(((fresh * 6758) / 1000).toFixed(1)),
      prepared: Number(((prepared * 6758) / 1000).toFixed(1)),
    },
  };
  console.log(
    `Quick check card: ${report.preparedTemplateMsPerCard} ms prepared vs ${report.freshTemplateMsPerCard} ms fresh ` +
      `(x${report.speedUp} faster); 6,758 cards take ${report.nationalRoundCpuSeconds.prepared} s of CPU, ` +
      `${report.nationalRoundCpuSeconds.fresh} s without preparing`,
  );
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, 'cards.json');
  fs.writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`Written ${path.relative(process.cwd(), file)}`);
}

main();
