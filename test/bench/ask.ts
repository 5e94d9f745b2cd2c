/**
 * Answering a question inside the bot (no Teams): for one PCN with 12
 * practices and a year of plans (about 100 per practice), the time from the
 * question's text to the rendered answer card. The baseline in the same run
 * is the store reads every answer needs anyway (the practices, and the plans
 * of the next six weeks), so the ratio is what reading the question and
 * building the answer add on top.
 *
 *   npm run bench:ask
 *
 * Prints p50 and p99 in ms and the ratios; writes test/bench/results/ask.json.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { renderAnswerCard } from '../../cards/answer';
import { AskService } from '../../services/ask/ask-service';
import { CampaignCalendarService } from '../../services/campaigns/calendar';
import type { Clock } from '../../services/clock';
import { type Plan, type Platform, PLATFORMS } from '../../services/domain';
import { addDays } from '../../services/domain/days';
import { Store } from '../../services/store';
import { SqliteDocumentStore } from '../../services/store/sqlite/sqlite-store';

const RESULTS_DIR = path.resolve(__dirname, '../../../test/bench/results');
const PCN = 'bench-tenant:bench-team';
const PRACTICES = 12;
const PLANS_PER_PRACTICE = 100;
const RUNS = 2_000;
const WARM_UP = 200;
const TODAY = '2026-12-01';

const QUESTIONS = [
  'What campaigns are coming up?',
  'when is stoptobr?',
  "What's planned next week?",
  'What is Practice 3 doing in January?',
  'who is posting about flu?',
  "what's on in March?",
  'anything w/c 7 Dec?',
  'bananas',
];

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function timeEach(run: (i: number) => Promise<unknown>): Promise<{ p50: number; p99: number }> {
  for (let i = 0; i < WARM_UP; i++) await run(i);
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    await run(i);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p99: percentile(times, 99) };
}

async function seed(store: Store): Promise<void> {
  const platforms = Object.keys(PLATFORMS) as Platform[];
  const campaigns = ['national:flu-vaccination-season', 'national:dry-january', 'national:stoptober', undefined];
  for (let p = 0; p < PRACTICES; p++) {
    await store.practices.create({
      pcnId: PCN,
      practiceId: `p-${p}`,
      name: `Practice ${p}`,
      odsCode: `B${String(80000 + p)}`,
      leads: [],
      createdAt: '2026-01-01T09:00:00.000Z',
    });
    for (let i = 0; i < PLANS_PER_PRACTICE; i++) {
      const start = addDays('2026-06-01', Math.floor((i * 365) / PLANS_PER_PRACTICE) + p);
      const plan: Plan = {
        pcnId: PCN,
        planId: `plan-${p}-${i}`,
        practiceId: `p-${p}`,
        start,
        end: start,
        startMonth: start.slice(0, 7),
        platforms: [platforms[i % platforms.length]!],
        campaignId: campaigns[i % campaigns.length],
        summary: `Post ${i} from practice ${p}`,
        status: i % 10 === 0 ? 'posted' : 'planned',
        createdBy: { aadObjectId: 'lead', name: 'A lead' },
        createdAt: '2026-05-01T09:00:00.000Z',
        updatedAt: '2026-05-01T09:00:00.000Z',
      };
      await store.plans.create(plan);
    }
  }
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pcn-bench-ask-'));
  const store = new Store(new SqliteDocumentStore(path.join(dir, 'bench.sqlite')));
  await store.init();
  await seed(store);
  const clock: Clock = { now: () => new Date(`${TODAY}T10:00:00Z`) };
  const ask = new AskService(store, new CampaignCalendarService(store.campaigns), clock);

  const baseline = await timeEach(() =>
    Promise.all([store.practices.list(PCN), store.plans.between(PCN, { start: TODAY, end: addDays(TODAY, 41) })]),
  );
  const answer = await timeEach(async (i) => renderAnswerCard(await ask.answer(PCN, QUESTIONS[i % QUESTIONS.length]!)));

  const result = {
    machine: `${os.cpus().length} cores, Node ${process.version}`,
    pcn: { practices: PRACTICES, plans: PRACTICES * PLANS_PER_PRACTICE },
    runs: RUNS,
    baselineStoreReadsMs: baseline,
    answerMs: answer,
    ratioP50: answer.p50 / baseline.p50,
    ratioP99: answer.p99 / baseline.p99,
  };
  console.log(
    `Answer to a question (question to rendered card), ${RUNS} runs over ${QUESTIONS.length} questions:\n` +
      `  p50 ${answer.p50.toFixed(2)} ms, p99 ${answer.p99.toFixed(2)} ms\n` +
      `Baseline (the store reads an answer needs): p50 ${baseline.p50.toFixed(2)} ms, p99 ${baseline.p99.toFixed(2)} ms\n` +
      `Ratio: x${result.ratioP50.toFixed(2)} at p50, x${result.ratioP99.toFixed(2)} at p99`,
  );
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  fs.writeFileSync(path.join(RESULTS_DIR, 'ask.json'), `${JSON.stringify(result, null, 2)}\n`);
  await store.close();
  fs.rmSync(dir, { recursive: true, force: true });
}

void main();
