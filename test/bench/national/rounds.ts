import type { Answers, AnswerSet } from '../../../services/domain';
import { type Quarter, quarterEnd, quarterStart } from '../../../services/domain/quarters';
import { QUESTIONS } from '../../../services/domain/questions';
import type { AnswerHistoryEntry, FollowUpAction, PostedCard, Round } from '../../../services/domain/quick-check';
import type { Store } from '../../../services/store';
import type { BatchOperation } from '../../../services/store/documents';
import { BOT_ID, NATIONAL_TENANT, type PcnShape } from './shape';

/** What the generator has written. */
export interface NationalCounts {
  pcns: number;
  practices: number;
  rounds: number;
  answers: number;
  history: number;
  actions: number;
  plans: number;
  channels: number;
  reminders: number;
}

/** Where a PCN's batch steps go (committed at most 100 at a time). */
export interface Steps {
  add(step: BatchOperation): Promise<void>;
}

/**
 * One quarter's round for a PCN as the quick check leaves it: the round with
 * its posted cards, most practices' answers (one in five changed once, so
 * their history has two versions), and a follow-up action for every No.
 */
export async function loadRound(
  batch: Steps,
  store: Store,
  shape: PcnShape,
  q: Quarter,
  current: boolean,
  random: () => number,
  lastAnswers: Map<string, Answers>,
  counts: NationalCounts,
) {
  const openedAt = atHalfNine(quarterStart(q));
  const cards: Record<string, PostedCard> = {};
  shape.practices.forEach((p, i) => {
    cards[p.practiceId] = {
      practiceId: p.practiceId,
      audience: 'channel',
      address: {
        conversationId: `${shape.teamId};messageid=${q.year}${q.quarter}${String(i).padStart(3, '0')}`,
        channelId: shape.teamId,
        serviceUrl: 'https://smba.trafficmanager.net/uk/',
        tenantId: NATIONAL_TENANT,
        botId: BOT_ID,
        isGroup: true,
        conversationType: 'channel',
      },
      activityId: `${q.year}${q.quarter}${String(i).padStart(3, '0')}`,
      postedAt: openedAt,
    };
  });
  const round: Round = {
    pcnId: shape.pcnId,
    quarter: q.id,
    status: current ? 'open' : 'closed',
    openedAt,
    closesAt: quarterEnd(q).toISOString(),
    ...(current ? {} : { closedAt: quarterEnd(q).toISOString() }),
    cards,
  };
  await batch.add(store.quickCheck.roundCreate(round));
  counts.rounds++;
  // Most practices answer a closed round; about half have answered the one open now.
  const answerRate = current ? 0.5 : 0.85;
  for (const p of shape.practices) {
    if (random() >= answerRate) continue;
    const versions = random() < 0.2 ? 2 : 1;
    let before: Answers | undefined;
    let answers: Answers = drawAnswers(random, lastAnswers.get(p.practiceId));
    const firstAt = addMinutes(openedAt, 60 * 24 * Math.floor(random() * 20) + Math.floor(random() * 600));
    let at = firstAt;
    for (let version = 1; version <= versions; version++) {
      if (version > 1) {
        before = answers;
        answers = drawAnswers(random, answers);
        at = addMinutes(at, 60 * 24 + Math.floor(random() * 600));
      }
      const entry: AnswerHistoryEntry = {
        pcnId: shape.pcnId,
        quarter: q.id,
        practiceId: p.practiceId,
        version,
        by: p.lead,
        at,
        ...(before ? { before: { answers: before } } : {}),
        after: { answers },
      };
      await batch.add(store.quickCheck.historyCreate(entry));
      counts.history++;
    }
    const set: AnswerSet = {
      pcnId: shape.pcnId,
      quarter: q.id,
      practiceId: p.practiceId,
      answers,
      answeredBy: p.lead,
      answeredAt: at,
      firstAnsweredAt: firstAt,
      version: versions,
    };
    await batch.add(store.quickCheck.answerWrite(set));
    counts.answers++;
    for (const question of QUESTIONS) {
      if (answers[question.id] !== 'no') continue;
      // A No opens a follow-up; it stays open only in the newest answered rounds.
      const action: FollowUpAction = {
        pcnId: shape.pcnId,
        quarter: q.id,
        practiceId: p.practiceId,
        questionId: question.id,
        status: current || random() < 0.1 ? 'open' : 'done',
        openedAt: at,
        openedBy: p.lead,
      };
      await batch.add(store.quickCheck.actionWrite(action));
      counts.actions++;
    }
    lastAnswers.set(p.practiceId, answers);
  }
}

/** Answers that mostly repeat the last quarter's, with a No now and then turning to Yes. */
function drawAnswers(random: () => number, last?: Answers): Answers {
  return Object.fromEntries(
    QUESTIONS.map((q) => {
      const was = last?.[q.id];
      const yes = was === 'yes' ? random() < 0.93 : was === 'no' ? random() < 0.5 : random() < 0.75;
      return [q.id, yes ? 'yes' : 'no'];
    }),
  ) as Answers;
}

function atHalfNine(day: Date): string {
  return new Date(day.getTime() + 9.5 * 3600_000).toISOString();
}

export function addMinutes(iso: string, minutes: number): string {
  return new Date(new Date(iso).getTime() + minutes * 60_000).toISOString();
}
